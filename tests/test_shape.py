"""The shape of the code: no import cycles in the plugin (imports inside functions count too),
no core module over 300 lines, no kind list written out by name outside kinds.py, and core/ in
stage packages that import only earlier stages (STAGES)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PLUGIN = ROOT / "plugins" / "policykb"
CORE = PLUGIN / "core"
MAX_LINES = 300
# core/ top level: the public API and the pipeline; every other module lives in a stage package
CORE_TOP = {"__init__.py", "pipeline.py"}
# stage package → the core packages it may import (the pipeline: model → load → link → render, search → site)
STAGES: dict[str, set[str]] = {
    "lang": set(),                      # pinyin, shared by every stage
    "model": {"lang"},                  # kinds, fields, entries, problems
    "load": {"model", "lang"},          # YAML → entries, ids, lint, git dates
    "link": {"model", "lang"},          # references, backlinks, [[kind:id]]
    "render": {"model", "lang", "link"},  # page sources, markers, theme nav
    "search": {"model", "lang"},        # search documents and index files
    "markdown": {"render"},             # Markdown extensions run on what render wrote
    "exchange": {"model", "lang", "load"},  # ledgers, downloads, schema, plan import
    "site": {"model", "lang", "load", "link", "render", "search", "markdown", "exchange"},  # one build
}


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


def stage_of(module: str) -> str | None:
    """Stage package of a core module (None for core's top level or a module outside core)."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["policykb", "core"] and len(parts) > 2 and parts[2] in STAGES else None


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports from a core module that go against the stage order, or out of core (to the adapter)."""
    found = []
    for module, deps in sorted(graph.items()):
        if not module.startswith("policykb.core"):
            continue
        stage = stage_of(module)
        for dep in sorted(deps):
            if not dep.startswith("policykb.core"):
                found.append(f"{module} imports {dep}: core never imports the adapter")
            elif stage is None:
                continue  # core/__init__.py and pipeline.py compose the stages
            elif stage_of(dep) is None:
                found.append(f"{module} imports {dep}: a stage never imports core's top level")
            elif stage_of(dep) not in STAGES[stage] | {stage}:
                allowed = ", ".join(sorted(STAGES[stage])) or "no other stage"
                found.append(f"{module} imports {dep}: core/{stage}/ may import only {allowed} (STAGES)")
    return found


def test_the_stage_order_has_no_cycle():
    assert cycles({name: set(deps) for name, deps in STAGES.items()}) == []


def test_the_layer_check_finds_a_wrong_import():
    graph = {"policykb.core.model.kinds": {"policykb.core.lang.pinyin", "policykb.core.render.text"},
             "policykb.core.load.loader": {"policykb.core.pipeline"},
             "policykb.core.site.assets": {"policykb.mkdocs.plugin"},
             "policykb.core.pipeline": {"policykb.core.site.sitesource"}}
    assert layer_violations(graph) == [
        "policykb.core.load.loader imports policykb.core.pipeline: a stage never imports core's top level",
        "policykb.core.model.kinds imports policykb.core.render.text: core/model/ may import only lang (STAGES)",
        "policykb.core.site.assets imports policykb.mkdocs.plugin: core never imports the adapter"]


def test_core_top_level_holds_only_the_pipeline_and_the_stage_packages():
    misplaced = []
    for path in sorted(CORE.iterdir()):
        if path.name == "__pycache__" or path.name in CORE_TOP:
            continue
        if path.is_dir() and path.name not in STAGES:
            misplaced.append(f"core/{path.name}/ is not a stage package: put its modules in one, or add it to "
                             "STAGES in tests/test_shape.py with the stages it may import")
        elif not path.is_dir():
            misplaced.append(f"core/{path.name} is at core/'s top level, which holds only {sorted(CORE_TOP)}: "
                             f"move it into the stage package it belongs to ({', '.join(STAGES)})")
    assert not misplaced, "\n".join(misplaced)
    for stage in STAGES:
        init = CORE / stage / "__init__.py"
        assert init.is_file(), f"core/{stage}/ has no __init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"core/{stage}/__init__.py: no docstring"


def test_stage_packages_import_only_earlier_stages():
    graph = import_graph()
    assert "policykb.core.lang.pinyin" in graph["policykb.core.model.kinds"]  # the graph sees real imports
    wrong = layer_violations(graph)
    assert not wrong, "\n".join(wrong)
