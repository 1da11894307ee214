"""The shape of the code: no import cycles in the plugin (imports inside functions count too),
no core module over 300 lines, and no kind list written out by name outside kinds.py."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PLUGIN = ROOT / "plugins" / "policykb"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGIN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module → plugin modules it imports anywhere in its code (`from . import x` means module x only)."""
    files = {module_name(p): p for p in PLUGIN.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rsplit(".", 1)[0]
                target = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
                subs = {f"{target}.{a.name}" for a in node.names} & files.keys()
                deps |= subs
                if target in files and len(subs) < len(node.names):
                    deps.add(target)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names} & files.keys()
        graph[name] = deps - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative enough for this size)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    graph = import_graph()
    assert "policykb.core.render.hubs" in graph["policykb.core.render.markers"]  # the graph sees real imports
    assert cycles(graph) == []


def test_no_core_module_over_300_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in (PLUGIN / "core").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_kind_lists_come_from_the_kinds():
    """A tuple of two or more kind names in core code is a list of kinds that a new kind would miss."""
    from policykb.core.model.kinds import KINDS
    names = "|".join(KINDS)
    listed = re.compile(rf'[(\[{{]\s*"(?:{names})"\s*(?::\s*[^,]+)?,\s*"(?:{names})"')
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (PLUGIN / "core").rglob("*.py") if p.name != "kinds.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if listed.search(line)]
    assert found == []
