#!/usr/bin/env python3
"""trafilatura alone, in the settings the issue compares, as a cleaner with score_cleaning.py's
JSON-lines contract (the handbook's baseline_cleaner.py has its favor_precision setting only).

    trafilatura_variants.py recall       trafilatura.extract(favor_recall=True)
    trafilatura_variants.py no-comments  trafilatura.extract(favor_precision=True, include_comments=False)
"""
from __future__ import annotations

import json
import logging
import sys

import trafilatura

VARIANTS = {"recall": {"favor_recall": True},
            "no-comments": {"favor_precision": True, "include_comments": False}}


def main() -> int:
    if len(sys.argv) != 2 or sys.argv[1] not in VARIANTS:
        sys.stderr.write(__doc__)
        return 2
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    options = VARIANTS[sys.argv[1]]
    for line in sys.stdin:
        if line.strip():
            doc = json.loads(line)
            text = trafilatura.extract(doc["html"], **options) if "html" in doc else doc.get("text", "")
            sys.stdout.write(json.dumps({"id": doc["id"], "text": text or ""}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
