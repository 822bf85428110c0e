"""shared/ is the ground floor: no module in it imports from services/ (the services build on it)."""
from __future__ import annotations

import ast

from tests.support import ROOT


def test_shared_imports_nothing_from_services():
    offenders = []
    for path in sorted((ROOT / "shared").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names
                          if name == "services" or name.startswith("services.")]
    assert not offenders, offenders
