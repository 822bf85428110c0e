"""`newsflow clean --jsonl` and `newsflow tag --jsonl` run the services' code on JSON lines."""
from __future__ import annotations

import io
import json
import subprocess

from services.jsonl import BadLine, json_objects
from tests.support import NEWSFLOW, SEED

EXPECTED = json.loads((SEED / "expected.json").read_text())


def _run(args: list[str], lines: list[dict]) -> list[dict]:
    result = subprocess.run([NEWSFLOW, *args], input="".join(json.dumps(line) + "\n" for line in lines),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_clean_jsonl_gives_the_seed_clean_text_and_what_it_removed():
    # the raw seed, its leading "date 2025-05-04" and all: ingest's normalisation runs first
    raw = (SEED / "article.txt").read_text()
    out, = _run(["clean", "--jsonl"], [{"id": "seed", "text": raw}])
    assert out["id"] == "seed"
    assert out["text"] == EXPECTED["clean_text"]
    assert out["published"] == "2025-05-04"
    assert [r["text"] for r in out["removed"]] == EXPECTED["removed_lines"]
    assert all(r["rule"] for r in out["removed"])


def test_tag_jsonl_gives_entities_with_offsets_and_canonicals():
    text = EXPECTED["clean_text"]
    out, = _run(["tag", "--jsonl"], [{"id": "seed", "text": text}])
    assert out["id"] == "seed" and out["entities"]
    for entity in out["entities"]:
        assert text[entity["start"]:entity["end"]] == entity["text"]
    zelensky = [e for e in out["entities"] if e["text"] == "Zelensky"]
    assert zelensky and all(e["canonical"] == "Volodymyr Zelensky" for e in zelensky)


def test_every_batch_command_reads_lines_the_same_way():
    """Blank lines skipped; a line that is not a JSON object, even one nested past the
    parser's depth, is a BadLine with its reason, never an exception."""
    lines = io.StringIO('{"id": "a"}\n\n[1]\n{nope\n' + "[" * 100_000 + "\n")
    got = list(json_objects(lines))
    assert got[0] == {"id": "a"}
    assert [(b.reason, isinstance(b, BadLine)) for b in got[1:]] == [
        ("not_an_object", True), ("invalid_json", True), ("invalid_json", True)]
