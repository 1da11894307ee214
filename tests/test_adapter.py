"""The MkDocs adapter is engine glue only: what it implements is documented, core never calls it,
and a hand-written page never silently overwrites a generated one."""
from __future__ import annotations

import re

from conftest import ROOT, run_mkdocs, write
from policykb.core.site.sitesource import name_clash
from policykb.mkdocs import plugin
from policykb.mkdocs.plugin import PolicyKBPlugin

CORE = ROOT / "plugins" / "policykb" / "core"
ENGINE_IMPORT = re.compile(
    r"^\s*(?:from|import)\s+(?:mkdocs|material|properdocs|zensical|policykb\.mkdocs|\.+mkdocs)\b", re.M)


def implemented_events() -> set[str]:
    return {name for name in vars(PolicyKBPlugin) if name.startswith("on_")}


def test_plugin_docstring_names_every_event_it_implements():
    documented = set(re.findall(r"^(on_\w+)\s", plugin.__doc__, re.M))
    assert documented == implemented_events()


def test_readme_compatibility_section_names_every_event_it_implements():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 兼容性", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `(on_\w+)` \|", section, re.M)) == implemented_events()
    count = re.search(r"实现以下 (\d+) 个事件", section)
    assert count and int(count.group(1)) == len(implemented_events())


def test_core_never_imports_the_engine_or_the_adapter():
    offenders = [f"{path.relative_to(CORE)}: {m.group(0).strip()}"
                 for path in sorted(CORE.rglob("*.py"))
                 for m in ENGINE_IMPORT.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_name_clash_reports_case_clashes_before_exact_ones():
    generated = ["measure/cw-xuanju.md", "qa/cw-shei-buneng-dang.md"]
    assert name_clash(["index.md"], generated) is None
    exact = name_clash(["index.md", "qa/cw-shei-buneng-dang.md"], generated)
    assert exact.startswith("docs/qa/cw-shei-buneng-dang.md 与知识库生成的页面重名")
    both = name_clash(["qa/cw-shei-buneng-dang.md", "Measure/CW-Xuanju.md"], generated)
    assert both.startswith("docs/Measure/CW-Xuanju.md 与知识库生成的页面 measure/cw-xuanju.md 只差大小写")


def test_build_refuses_a_hand_written_page_on_a_generated_path(kb_dir):
    write(kb_dir / "docs" / "measure" / "cw-xuanju.md", "# 手写\n")
    result = run_mkdocs(kb_dir)
    assert result.returncode != 0
    assert "docs/measure/cw-xuanju.md 与知识库生成的页面重名" in result.stdout + result.stderr
    assert not (kb_dir / "site" / "measure" / "cw-xuanju" / "index.html").exists()
