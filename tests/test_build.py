"""A real `mkdocs build --strict` of the fixture knowledge base, checked in its HTML."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, check, run_check, run_mkdocs, write
from htmlutil import Page

FIXTURE_KB, _ = check(FIXTURE / "data")


def section_links(page: Page, heading_id: str) -> set[str]:
    """Targets linked inside the h2 section with this id."""
    html = page.html
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2", start + 1)
    chunk = html[start: end if end > 0 else len(html)]
    sub = Page.__new__(Page)
    sub.site, sub.path, sub.file = page.site, page.path, page.file
    sub.content_links = re.findall(r'href="([^"]+)"', chunk)
    return {t for t in sub.content_targets() if not t.startswith("#")}


def all_pages(site: Path) -> list[Page]:
    # 404.html is served at any path, so MkDocs gives it root-absolute links by design
    return [Page(site, p.relative_to(site).as_posix()) for p in sorted(site.rglob("*.html"))
            if p.name != "404.html"]


def test_every_entry_has_its_page(built_fixture):
    assert len(FIXTURE_KB.entries) == 21
    for entry in FIXTURE_KB.entries.values():
        page = Page(built_fixture, f"{entry.kind.url_dir}/{entry.id}/index.html")
        assert page.headings[0] == ("h1", entry.title)


def test_kind_indexes_list_all_entries(built_fixture):
    for kind in ("measure", "case", "module", "qa", "policy", "unit", "theme"):
        page = Page(built_fixture, f"{kind}/index.html")
        expected = {f"{kind}/{e.id}/index.html" for e in FIXTURE_KB.of_kind(kind)}
        assert expected <= page.content_targets(), kind


def test_every_link_resolves_inside_the_site(built_fixture):
    pages = all_pages(built_fixture)
    assert len(pages) > 20
    for page in pages:
        for href in page.all_links + page.srcs:
            assert not re.match(r"^([a-z]+:|//)", href), f"{page.path} links outside: {href}"
            file, fragment = page.resolve(href)
            if href.startswith("#") and not fragment:
                continue
            assert file.exists(), f"{page.path}: broken link {href}"
            if fragment and file.suffix == ".html":
                assert f'id="{fragment}"' in file.read_text(encoding="utf-8"), f"{page.path}: {href}"


def test_cross_references_render_with_target_title(built_fixture):
    page = Page(built_fixture, "measure/cw-xuanju/index.html")
    assert '<a href="../cw-zucheng/">委员会组成</a>' in page.html  # [[measure:…|label]]
    case = Page(built_fixture, "case/cw-jianning-shidian/index.html")
    assert '<a href="../../measure/cw-xuanju/">选举产生村务监督委员会</a>' in case.html
    home = Page(built_fixture, "index.html")
    assert '<a href="measure/cw-xuanju/">选举产生村务监督委员会</a>' in home.html


def test_backlinks_list_exactly_the_referring_entries(built_fixture):
    page = Page(built_fixture, "measure/cw-zucheng/index.html")
    assert section_links(page, "被引用") == {
        "case/cw-jianning-shidian/index.html",   # case.measures
        "measure/cw-xuanju/index.html",           # [[measure:cw-zucheng]] in a body
        "glossary/cunwu-jiandu-weiyuanhui/index.html",  # … and in a glossary term's text
    }
    assert section_links(page, "相关条目") == {"qa/cw-shei-buneng-dang/index.html"}  # qa.related
    unit = Page(built_fixture, "unit/cun-dangzhibu/index.html")
    assert section_links(unit, "职责清单") == {"measure/cw-xuanju/index.html",
                                             "measure/cw-fuhe-piaoju/index.html",
                                             "measure/cw-zucheng/index.html"}
    assert "被引用" not in unit.text  # the responsibilities section already lists them
    policy = Page(built_fixture, "policy/cunweihui-zuzhifa/index.html")
    assert section_links(policy, "被引用") == {"measure/cw-zucheng/index.html",
                                              "qa/cw-shei-buneng-dang/index.html"}


def test_related_is_shown_on_both_sides(built_fixture):
    page = Page(built_fixture, "measure/cw-xuanju/index.html")
    assert "measure/cw-fuhe-piaoju/index.html" in section_links(page, "相关条目")


def test_theme_hubs_list_their_entries_and_those_of_sub_themes(built_fixture):
    hub = Page(built_fixture, "theme/sanzhi-ronghe/index.html")
    targets = hub.content_targets()
    assert {"theme/zizhi/index.html", "theme/fazhi/index.html"} <= targets
    assert {"measure/cw-xuanju/index.html", "qa/zz-cunmin-yishi/index.html",
            "policy/cunweihui-zuzhifa/index.html"} <= targets
    assert "measure/cw-zucheng/index.html" not in targets
    hub = Page(built_fixture, "theme/cunwu-jiandu/index.html")
    for kind in ("measure", "case", "module", "qa"):
        expected = {f"{kind}/{e.id}/index.html" for e in FIXTURE_KB.of_kind(kind)
                    if "cunwu-jiandu" in e.themes}
        assert expected and expected <= hub.content_targets()
    assert [h for h in hub.headings if h[0] == "h2"] == [
        ("h2", "工作措施"), ("h2", "典型案例"), ("h2", "培训模块"), ("h2", "问答"), ("h2", "政策文件")]


def primary_nav(page: Page) -> str:
    html = page.html
    start = html.index('md-nav--primary')
    return html[start:html.index('md-sidebar--secondary', start)]  # the left sidebar (holding the page's toc)


def test_entry_pages_are_not_in_the_nav_but_hubs_are(built_fixture):
    # navigation.prune: each page carries the top level and its own open section only
    home = primary_nav(Page(built_fixture, "index.html"))
    assert "theme/" in home and "measure/" in home and "theme/zizhi/" not in home
    themes = primary_nav(Page(built_fixture, "theme/index.html"))
    assert "sanzhi-ronghe/" in themes and "cunwu-jiandu/" in themes
    sanzhi = primary_nav(Page(built_fixture, "theme/sanzhi-ronghe/index.html"))
    assert "../zizhi/" in sanzhi and "../fazhi/" in sanzhi
    for nav in (home, themes, sanzhi, primary_nav(Page(built_fixture, "measure/cw-xuanju/index.html"))):
        for entry in FIXTURE_KB.entries.values():
            if entry.kind.name != "theme":
                assert f"{entry.kind.url_dir}/{entry.id}/" not in nav


def test_heading_anchors_keep_chinese(built_fixture):
    page = Page(built_fixture, "measure/cw-xuanju/index.html")
    assert {"具体做法", "工作指标", "被引用", "来源", "步骤"} <= page.ids


def test_site_is_chinese_and_offline(built_fixture):
    home = Page(built_fixture, "index.html")
    assert '<html lang="zh"' in home.html
    assert "fonts.googleapis" not in home.html and "fonts.gstatic" not in home.html
    index = (built_fixture / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["zh"]' in index.replace(" ", "")


def test_search_index_holds_every_page(built_fixture):
    import json
    meta = (built_fixture / "search" / "policykb" / "meta.js").read_text(encoding="utf-8")
    docs = json.loads(meta[len("self.__kbMeta="):].rstrip(";\n"))["docs"]
    locations = {d[0] for d in docs}
    assert {f"{e.kind.url_dir}/{e.id}/" for e in FIXTURE_KB.entries.values()} <= locations
    assert "" in locations  # the home page
    material = json.loads((built_fixture / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # Material's own index is replaced, not shipped twice


def test_data_text_is_escaped(kb_dir):
    write(kb_dir / "data" / "evil.yaml", """
        qa:
          - id: evil
            question: <script>alert("q")</script>
            themes: [zizhi]
            answer: |
              <img src=x onerror=alert(1)> [点我](javascript:alert(2)) <b onclick="x()">粗</b>

              `<code>` 保持原样
        """)
    result = run_mkdocs(kb_dir, "--strict")
    assert result.returncode == 0, result.stderr
    html = (kb_dir / "site" / "qa" / "evil" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    assert "<script>" not in article and "&lt;script&gt;" in article
    assert "<img" not in article and "onerror" not in article.replace("&lt;img src=x onerror", "")
    assert "javascript:" not in article.replace("(javascript:alert(2))", "")
    assert 'href="javascript' not in article
    assert "<code>&lt;code&gt;</code>" in article


def test_broken_reference_fails_check_and_strict_build(kb_dir):
    data = kb_dir / "data" / "cunwu.yaml"
    text = data.read_text(encoding="utf-8").replace("lead: [xiangzhen-dangwei]", "lead: [xiangzhen-dangwi]")
    data.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    lead: [xiangzhen-dangwi]") + 1
    expected = f"data/cunwu.yaml:{line}: 错误: 引用的单位 `xiangzhen-dangwi` 不存在。"
    checked = run_check(kb_dir / "data")
    assert checked.returncode == 1 and expected in checked.stdout
    built = run_mkdocs(kb_dir, "--strict")
    assert built.returncode != 0
    assert expected in built.stderr and "xiangzhen-dangwei" in built.stderr
    assert "Traceback" not in built.stderr
    assert not (kb_dir / "site").exists()


def test_dangling_reference_in_hand_written_page_fails_strict_build(kb_dir):
    (kb_dir / "docs" / "index.md").write_text("# 首页\n\n见 [[case:nope]]。\n", encoding="utf-8")
    built = run_mkdocs(kb_dir, "--strict")
    assert built.returncode != 0 and "docs/index.md:3" in built.stderr and "case:nope" in built.stderr


def test_url_depends_on_id_not_title(kb_dir):
    data = kb_dir / "data" / "cunwu.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "title: 选举产生村务监督委员会", "title: 依法选举村务监督委员会"), encoding="utf-8")
    assert run_mkdocs(kb_dir, "--strict").returncode == 0
    page = Page(kb_dir / "site", "measure/cw-xuanju/index.html")
    assert page.headings[0] == ("h1", "依法选举村务监督委员会")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_properdocs_builds_the_same_site(kb_dir):
    result = run_mkdocs(kb_dir, "--strict", "-f", "mkdocs.yml", tool="properdocs")
    assert result.returncode == 0, result.stderr
    assert (kb_dir / "site" / "measure" / "cw-xuanju" / "index.html").exists()
    page = Page(kb_dir / "site", "theme/sanzhi-ronghe/index.html")
    assert "qa/zz-cunmin-yishi/index.html" in page.content_targets()
