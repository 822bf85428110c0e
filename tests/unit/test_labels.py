"""The docs list exactly the label values the code uses (shared/labels.py), so dashboards and
runbooks cannot drift from them."""
from __future__ import annotations

import re

from shared.labels import Outcome, Reason
from tests.support import ROOT


def test_the_design_notes_list_exactly_the_dead_letter_reasons():
    notes = (ROOT / "docs" / "design-notes.md").read_text()
    bullet = notes[notes.index("- **Dead letters**"):notes.index("A letter that would not")]
    listed = {word for word in re.findall(r"`([a-z0-9_]+)`", bullet)}
    assert listed == {r.value for r in Reason}


def test_the_monitoring_page_lists_exactly_the_outcomes():
    page = (ROOT / "docs" / "monitoring.md").read_text()
    line = next(line for line in page.splitlines() if line.startswith("- *Messages by service and outcome*"))
    listed = set(re.findall(r"\b[a-z_]+\b", line.split(":", 1)[1].replace("per second", "")))
    assert listed == {o.value for o in Outcome}


def test_every_reason_and_outcome_the_code_raises_is_declared():
    """No stage raises a reason or reports an outcome as a bare string literal."""
    literal = re.compile(r'(?:Rejected|CleaningError)\(\s*"|outcome="')
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "services").rglob("*.py"))
                 if path.name != "jsonl.py"  # the batch commands' own line errors are not dead letters
                 for n, line in enumerate(path.read_text().splitlines(), 1) if literal.search(line)]
    offenders += [f"shared/{p.name}" for p in (ROOT / "shared").glob("*.py") if literal.search(p.read_text())]
    assert not offenders, offenders
