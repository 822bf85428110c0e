"""Where the team handbook is, for every bench script: ``NEWSFLOW_HANDBOOK`` (relative to the
checkout, or absolute), else ``../shared`` beside the checkout, as the tests find it
(tests/support.py)."""
from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HANDBOOK = (REPO / os.environ.get("NEWSFLOW_HANDBOOK", "../shared")).resolve()
CORPUS = HANDBOOK / "corpus"
TOOLS = HANDBOOK / "tools"
