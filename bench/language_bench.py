"""Language benchmark: what detection costs ingest, and how the rule does on dev texts.

1. time: ``ingest()`` per article with the language step, against the same ``ingest()`` with
   the step replaced by one that returns nothing (baseline), in one run, best of
   ``LANGUAGE_BENCH_ROUNDS`` rounds each, alternating;
2. memory: the detector's RSS, in a fresh process (after importing ingest, before and after the
   first detection);
3. the tag worker's memory with the English and the French pipelines loaded, against English
   only (baseline), each in a fresh process that tags the same ``LANGUAGE_BENCH_TAG_DOCS``
   dragnet gold texts (plus, with French, the French samples) through ``Taggers.tag_many``:
   peak RSS (VmHWM), as the tag worker's 600 MB budget counts it;
4. dev accuracy of the rule (services/ingest/language.py) on the handbook's English gold texts
   (dragnet, cleaneval-dev, the seed) and on bench/language_samples.py, with no declaration:
   detected right, detected wrong, or left undetected (too short or not sure). Dev numbers.

    .venv/bin/python bench/language_bench.py
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook import CORPUS  # noqa: E402
from language_samples import SAMPLES  # noqa: E402

from services.ingest import language as language_module  # noqa: E402
from services.ingest import normalise  # noqa: E402

ROUNDS = int(os.environ.get("LANGUAGE_BENCH_ROUNDS", "3"))
TAG_DOCS = int(os.environ.get("LANGUAGE_BENCH_TAG_DOCS", "100"))
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def english_texts() -> list[str]:
    texts = [json.loads((CORPUS / "seed" / "expected.json").read_text())["clean_text"]]
    texts += [p.read_text(errors="replace") for p in sorted((CORPUS / "pages/dragnet/gold").glob("*.txt"))]
    for path in sorted((CORPUS / "pages/cleaneval-dev/gold").glob("*.txt")):
        texts.append(re.sub(r"<[a-z]+>", "", re.sub(r"\AURL:.*\n", "", path.read_text(errors="replace"))))
    return [t for t in texts if t.strip()]


def payloads(texts: list[tuple[str, str]]) -> list[bytes]:
    return [json.dumps({"text": text}).encode() for _, text in texts]


def time_ingest(items: list[bytes]) -> float:
    start = time.perf_counter()
    for payload in items:
        normalise.ingest(payload, NOW, 20_000_000)
    return (time.perf_counter() - start) / len(items)


def none_languages(declared, title, text, html):
    return language_module.Languages(None, None, None)


def memory() -> dict:
    code = ("import sys; from pathlib import Path\n"
            "def rss(): return next(int(l.split()[1]) / 1024 for l in Path('/proc/self/status').read_text()"
            ".splitlines() if l.startswith('VmRSS:'))\n"
            "from services.ingest import normalise; from services.ingest.language import detect\n"
            "before = rss(); detect('x ' * 200 + 'the detector loads its model on the first call ' * 5)\n"
            "print(round(before), round(rss() - before))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return {"rss_ingest_imported_mb": float(out[0]), "rss_detector_mb": float(out[1])}


_TAG_MEMORY = """
import json, sys
from pathlib import Path
sys.path.insert(0, "bench")
from language_samples import SAMPLES
from services.tag.languages import Taggers
from shared.settings import get_settings
def mb(key): return next(int(l.split()[1]) / 1024 for l in Path("/proc/self/status").read_text().splitlines()
                         if l.startswith(key + ":"))
with_french = sys.argv[1] == "fr"
taggers = Taggers(packages=None if with_french else {})
texts = [(p.read_text(errors="replace"), "en") for p in sorted(Path(sys.argv[2]).glob("*.txt"))[:int(sys.argv[3])]]
if with_french:
    texts += [(t, "fr") for t in SAMPLES["fr"]] * 5
size = get_settings().tag_batch_size
for start in range(0, len(texts), size):
    taggers.tag_many(texts[start:start + size])
print(json.dumps({"languages": taggers.loaded(), "peak_rss_mb": round(mb("VmHWM")),
                  "rss_mb": round(mb("VmRSS"))}))
"""


def tag_memory(languages: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _TAG_MEMORY, languages, str(CORPUS / "pages/dragnet/gold"),
                          str(TAG_DOCS)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    return json.loads(out)


def main() -> None:
    labelled = [("en", t) for t in english_texts()] + [(lang, t) for lang, ts in SAMPLES.items() for t in ts]
    items = payloads(labelled)
    language_module.detect("warm up " * 50)
    real = normalise.languages
    with_step, without = [], []
    for _ in range(ROUNDS):
        normalise.languages = none_languages
        without.append(time_ingest(items))
        normalise.languages = real
        with_step.append(time_ingest(items))
    counts = {"en": {"right": 0, "wrong": 0, "undetected": 0}, "other": {"right": 0, "wrong": 0, "undetected": 0}}
    wrong = []
    for lang, text in labelled:
        got = language_module.languages(None, None, text, None).detected_language
        verdict = "undetected" if got is None else "right" if got == lang else "wrong"
        counts["en" if lang == "en" else "other"][verdict] += 1
        if verdict == "wrong":
            wrong.append((lang, got, text[:60]))
    report = {
        "articles": len(items),
        "ingest_ms_per_article_without_language": round(1000 * min(without), 3),
        "ingest_ms_per_article_with_language": round(1000 * min(with_step), 3),
        "ratio_with_over_without": round(min(with_step) / min(without), 2),
        **memory(),
        "tag_worker_english_only": tag_memory("en"),
        "tag_worker_english_and_french": tag_memory("fr"),
        "dev_detection_no_declaration": counts,
        "wrong": wrong,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
