"""scripts/export_tree.py: the bundled knowledge base as a plain docs tree that engines build without our plugin.

The tree is built for real with ProperDocs, plain MkDocs and Zensical (each a full build of
the bundled data) and compared page by page with the plugin build (conftest.built_bundled).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import export_tree
import pytest
import yaml
from conftest import ROOT, run_mkdocs, write
from htmlutil import Page

CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def unresolved(site: Path) -> list[str]:
    """Pages with a [[kind:id]] or <!-- kb:… --> left outside code (the docs show the syntax in code)."""
    bad = []
    for path in sorted(html_pages(site)):
        html = CODE.sub("", (site / path).read_text(encoding="utf-8"))
        if "[[" in html or "<!-- kb:" in html:
            bad.append(path)
    return bad


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exported") / "tree"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_tree.py"), str(out), "--strict"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "生成页面" in result.stdout
    return out


def build_with(tool: str, tree: Path) -> Path:
    """Build the exported tree with an engine; return its site folder."""
    site = tree.parent / f"site-{tool}"
    if tool == "zensical":
        shutil.copytree(tree, tree.parent / "zensical-tree")  # Zensical writes site/ beside its mkdocs.yml
        tree = tree.parent / "zensical-tree"
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        result = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--strict"], cwd=tree,
                                capture_output=True, text=True, env=env, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        return tree / "site"
    result = run_mkdocs(tree, "--strict", "-d", str(site), tool=tool)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_exported_config_has_no_policykb_plugin(exported):
    text = (exported / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith(export_tree.MARK)
    config = yaml.load(text, Loader=export_tree._ValueLoader)
    names = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert names == ["search", "offline"]
    original = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=export_tree._ValueLoader)
    for key in ("theme", "validation", "docs_dir"):
        assert config[key] == original[key], key
    # the generated pages stay out of the nav as in the plugin's build (which marks them, with no setting)
    assert "not_in_nav" not in original
    assert {"/measure/*.md", "/theme/*.md", "/handout/*.md", "/glossary/*.md"} <= set(config["not_in_nav"].split())
    assert config["markdown_extensions"][:-1] == original["markdown_extensions"]
    assert "!!python/object/apply:pymdownx.slugs.slugify" in text  # tags kept as written
    nav = config["nav"][1]["主题"]
    assert nav[0] == "theme/index.md"
    assert nav[1]["三治融合"][0] == "theme/sanzhi-ronghe.md"  # theme hubs with sub-themes, as the plugin's nav
    assert config["extra_css"] == ["assets/policykb/kb.css"]
    assert config["extra_javascript"][-2:] == ["assets/policykb/tables.js", "assets/policykb/a11y.js"]
    assert config["markdown_extensions"][-1] == {"policykb.core.markdown.safelinks": {"data_pages": True}}
    assert (exported / "docs" / "assets" / "policykb" / "tables.js").is_file()
    assert (exported / "docs" / "exports" / "measures.xlsx").read_bytes()[:2] == b"PK"
    index = (exported / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- kb:" not in index and "(theme/sanzhi-ronghe.md)" in index


@pytest.mark.parametrize("tool", ["properdocs", "mkdocs", "zensical"])
def test_engines_build_the_same_pages_as_the_plugin(tool, exported, built_bundled):
    site = build_with(tool, exported)
    assert html_pages(site) == html_pages(built_bundled)
    assert unresolved(site) == []
    for name in ("measures.xlsx", "measures.csv", "qa.xlsx", "qa.csv", "knowledge-base.json"):
        assert (site / "exports" / name).read_bytes() == (built_bundled / "exports" / name).read_bytes()
    assert (site / "assets" / "policykb" / "kb.css").is_file()
    home = Page(site, "index.html").html
    assert '<div class="grid cards">' in home and "&lt;div" not in home  # markers' HTML kept, not shown as text
    for path in sorted(html_pages(built_bundled) - {"404.html"}):
        ours, theirs = Page(built_bundled, path), Page(site, path)
        assert theirs.headings == ours.headings, path
        # the plugin also links glossary terms in the text (tooltips): the only links the tree lacks
        missing = ours.content_targets() - theirs.content_targets()
        assert all(t.startswith("glossary/") for t in missing), (path, missing)
        assert theirs.content_targets() <= ours.content_targets(), path


def test_the_plugin_build_has_nothing_unresolved_either(built_bundled):
    assert len(html_pages(built_bundled)) > 600
    assert unresolved(built_bundled) == []


def test_unsafe_links_and_missing_references_in_an_export(kb_dir, tmp_path):
    write(kb_dir / "docs" / "extra.md", """
        # 附加

        见 [[measure:no-such-entry]]，以及 [危险](javascript:alert(1))。
    """)
    out = tmp_path / "tree"
    warnings: list[str] = []
    export_tree.export_tree(kb_dir / "mkdocs.yml", out, warn=warnings.append)
    assert warnings == ["docs/extra.md:3: 引用的条目 `measure:no-such-entry` 不存在。"]
    site = build_with("properdocs", out)
    page = Page(site, "extra/index.html")
    assert "javascript:" not in page.html  # safelinks is a Markdown extension of the tree, not the plugin
    assert "no-such-entry" in page.text


def test_raw_html_from_data_stays_text_in_an_exported_tree(kb_dir, tmp_path):
    """Without the plugin's per-page switch, the tree's Markdown still keeps raw HTML from data out."""
    write(kb_dir / "data" / "hostile.yaml", """
        qa:
          - id: hostile-qa
            question: 数据里的脚本会不会执行？
            themes: [cunwu-jiandu]
            answer: |
              ```x` inline
              <img src=x onerror=alert(1)>

              <script>alert(2)</script> 和 <b onclick="alert(3)">粗体</b>
    """)
    out = tmp_path / "tree"
    export_tree.export_tree(kb_dir / "mkdocs.yml", out, warn=lambda message: None)
    site = build_with("mkdocs", out)
    html = Page(site, "qa/hostile-qa/index.html").html
    article = html[html.index("<article"):html.index("</article>")]
    assert not re.search(r"<(script|img)\b", article) and not re.search(r"<[^>]+\son\w+\s*=", article)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in article
    stats = Page(site, "views/stats/index.html").html
    assert "<svg" in stats and "kbraw" not in stats and "\x0e" not in stats  # the generator's own HTML is kept


def test_export_refuses_a_folder_it_did_not_write(kb_dir, tmp_path):
    out = tmp_path / "tree"
    write(out / "notes.txt", "别的东西")
    with pytest.raises(export_tree.ExportError, match="不是空目录"):
        export_tree.export_tree(kb_dir / "mkdocs.yml", out, warn=lambda m: None)
    assert (out / "notes.txt").exists()
    shutil.rmtree(out)
    export_tree.export_tree(kb_dir / "mkdocs.yml", out, warn=lambda m: None)
    stale = out / "docs" / "measure" / "gone.md"
    stale.write_text("# 旧页面\n", encoding="utf-8")
    export_tree.export_tree(kb_dir / "mkdocs.yml", out, warn=lambda m: None)  # an earlier export is replaced
    assert not stale.exists()


def test_export_stops_on_data_errors(kb_dir, tmp_path):
    write(kb_dir / "data" / "bad.yaml", """
        measures:
          - id: Bad_ID
            title: 坏条目
    """)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_tree.py"), str(tmp_path / "tree"),
                             "-f", str(kb_dir / "mkdocs.yml")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "导出失败" in result.stderr and "bad.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "tree").exists()
