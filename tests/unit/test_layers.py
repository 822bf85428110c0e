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


def _module_imports(path, package: str) -> set[str]:
    """The modules of ``package`` that the module at ``path`` imports, at any depth of its code."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:  # from . import x / from .x import y
                names = [module] if module else [alias.name for alias in node.names]
                out |= {f"{package}.{name.split('.')[0]}" for name in names}
            elif module.startswith(package + "."):
                out.add(".".join(module.split(".")[:3]))
        elif isinstance(node, ast.Import):
            out |= {".".join(a.name.split(".")[:3]) for a in node.names if a.name.startswith(package + ".")}
    return out


def test_the_cleaners_modules_import_each_other_without_a_cycle():
    """cleaner.py and html.py imported each other (issue 12); every module of services/clean
    now imports only modules below it."""
    folder = ROOT / "services" / "clean"
    graph = {f"services.clean.{p.stem}": _module_imports(p, "services.clean") for p in folder.glob("*.py")}
    assert "services.clean.features" in graph["services.clean.html"]  # the walk does see imports

    def cycle_from(module: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                return path[path.index(target):] + (target,)
            found = cycle_from(target, path + (target,))
            if found:
                return found
        return None

    cycles = [c for m in sorted(graph) if (c := cycle_from(m, (m,)))]
    assert not cycles, cycles
