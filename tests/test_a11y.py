"""Cadres' reading experience in real headless Chromium: axe-core (WCAG 2.0/2.1 A and AA) on every
page kind in both colour schemes, the 适老化 text-size and high-contrast controls, 200 % zoom,
wide tables on a phone, breadcrumbs, chart text alternatives and printed handouts."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, open_search

AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KINDS = ("measure", "case", "module", "qa", "policy", "unit", "glossary", "course", "handout")
LISTINGS = ["", "theme/", "measure/", "case/", "module/", "course/", "qa/", "policy/", "unit/", "glossary/",
            "views/responsibility/", "views/timeline/", "views/targets/", "views/stats/", "pinyin/", "updates/"]


def entry_pages(site: Path) -> list[str]:
    """One page of every entry kind, and a theme hub (the first of each folder, by name)."""
    pages = []
    for kind in ("theme", *KINDS):
        found = sorted(p.parent.name for p in (site / kind).glob("*/index.html"))
        assert found, f"the fixture has no {kind} page"
        pages.append(f"{kind}/{found[0]}/")
    return pages


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: scripts/test.sh installs it (npm ci --prefix tests/node)")
        pytest.skip("axe-core is not installed (npm ci --prefix tests/node)")
    return AXE.read_text(encoding="utf-8")


def axe(page, source: str) -> list[str]:
    """Violations of the WCAG 2.0/2.1 A and AA rules on the page as it is now, one line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:240]}"
            for v in result["violations"]]


@pytest.fixture(params=["default", "slate"])
def scheme_page(request, browser):
    context = browser.new_context(color_scheme="dark" if request.param == "slate" else "light")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.scheme = request.param
    yield page
    assert errors == []
    context.close()


def test_axe_finds_nothing_on_any_page_kind(scheme_page, served_fixture, built_fixture, axe_source):
    page = scheme_page
    problems = {}
    for path in LISTINGS + entry_pages(built_fixture):
        page.goto(served_fixture + path)
        assert page.get_attribute("body", "data-md-color-scheme") == page.scheme
        found = axe(page, axe_source)
        if found:
            problems[path or "home"] = found
    assert problems == {}


def test_axe_finds_nothing_with_the_search_dialog_open(scheme_page, served_fixture, axe_source):
    page = scheme_page
    page.goto(served_fixture)
    open_search(page).type("村务监督", delay=10)
    page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    assert axe(page, axe_source) == []


def test_axe_finds_nothing_in_high_contrast_with_large_text(scheme_page, served_fixture, built_fixture, axe_source):
    page = scheme_page
    page.add_init_script("localStorage.setItem('policykb.a11y', JSON.stringify({size: 2, contrast: true}))")
    for path in ["", "views/stats/", *entry_pages(built_fixture)[:2]]:
        page.goto(served_fixture + path)
        assert {"kb-contrast", "kb-text-2"} <= set(page.evaluate("document.documentElement.className").split())
        assert axe(page, axe_source) == [], path


# ------------------------------------------------------------------ 适老化 controls

def root_font_px(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the button with this accessible name has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(n) => { const b = document.activeElement; return !!b && b.matches('button') && "
                         "b.textContent.includes(n) }", name):
            return
    raise AssertionError(f"{name} cannot be reached with the Tab key")


def test_text_size_and_contrast_by_keyboard_are_remembered_across_pages(browser, served_fixture, built_fixture):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_fixture)
    group = page.get_by_role("group", name="阅读辅助：字号和对比度")
    assert group.is_visible()
    larger = group.get_by_role("button", name="放大字号")
    contrast = group.get_by_role("button", name="高对比度")
    assert larger.is_visible() and contrast.is_visible()
    normal = root_font_px(page)
    body_color = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")

    tab_to(page, "放大字号")
    page.keyboard.press("Enter")
    step1 = root_font_px(page)
    page.keyboard.press("Enter")
    step2 = root_font_px(page)
    assert normal < step1 < step2 and step2 >= normal * 1.35, (normal, step1, step2)
    assert larger.is_disabled()  # two steps beyond normal, then the end
    tab_to(page, "高对比度")
    page.keyboard.press("Space")
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color") == "rgb(0, 0, 0)"
    assert body_color != "rgb(0, 0, 0)"

    page.goto(served_fixture + entry_pages(built_fixture)[1])  # another page: the choice holds
    assert root_font_px(page) == step2
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="缩小字号").click()
    page.get_by_role("button", name="缩小字号").click()
    page.get_by_role("button", name="高对比度").click()
    page.goto(served_fixture)
    assert root_font_px(page) == normal
    assert "kb-contrast" not in page.evaluate("document.documentElement.className")
    context.close()


def test_the_choice_is_applied_before_the_first_paint(browser, served_fixture):
    """The inline script of main.html sets the classes while <head> is parsed, before a11y.js runs."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("localStorage.setItem('policykb.a11y', JSON.stringify({size: 1, contrast: true}));"
                         "document.addEventListener('readystatechange', () => { if (!window.__early) "
                         "window.__early = document.documentElement.className; });")
    page.route("**/assets/policykb/a11y.js", lambda route: route.abort())  # without the controls' script
    page.goto(served_fixture)
    assert {"kb-text-1", "kb-contrast"} <= set(page.evaluate("window.__early").split())
    context.close()


def test_flex_gap_fallback_stays_off_where_gap_works(browser, served_fixture):
    """a11y.js detects flex gap; a core that has it (this Chromium) must not get the margins meant for old ones."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_fixture)
    page.wait_for_selector(".kb-a11y")
    assert "kb-no-flexgap" not in page.evaluate("document.documentElement.className")
    text = page.locator(".md-nav__link > :first-child:not(:last-child)").first
    assert text.evaluate("e => getComputedStyle(e).marginRight") == "0px"
    page.evaluate("document.documentElement.classList.add('kb-no-flexgap')")
    assert text.evaluate("e => getComputedStyle(e).marginRight") != "0px"
    context.close()


CONTENT_PAGES = ["", "views/responsibility/", "views/targets/", "views/stats/", "views/timeline/", "pinyin/"]


@pytest.mark.parametrize("width, size", [(640, 0), (640, 2), (390, 2)])
def test_no_sideways_scrolling_at_200_percent_zoom(browser, served_fixture, built_fixture, width, size):
    """1280 px at 200 % zoom: a 640 px wide layout at device scale 2, with normal and the largest text;
    and a phone with the largest text."""
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    page.add_init_script(f"localStorage.setItem('policykb.a11y', JSON.stringify({{size: {size}}}))")
    wide = {}
    for path in CONTENT_PAGES + entry_pages(built_fixture):
        page.goto(served_fixture + path)
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            wide[path] = sizes
    assert wide == {}
    context.close()


@pytest.mark.parametrize("path", ["views/responsibility/", "views/targets/"])
def test_wide_tables_on_a_phone_keep_their_first_column(browser, served_fixture, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(served_fixture + path)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Material wraps each table in a box that scrolls sideways (.md-typeset__scrollwrap)
    frame = page.locator(".kb-wide .md-typeset__scrollwrap").first
    assert frame.evaluate("w => w.scrollWidth > w.clientWidth + 50"), "the table fits: nothing to test"
    frame.evaluate("w => { w.scrollLeft = w.scrollWidth }")
    page.wait_for_timeout(50)
    assert frame.evaluate("w => w.scrollLeft > 50")
    cell = page.locator(".kb-wide table tbody tr").first.locator("td").first
    box, outer = cell.bounding_box(), frame.bounding_box()
    assert outer["x"] - 1 <= box["x"] and box["x"] + box["width"] <= outer["x"] + outer["width"] + 1, (box, outer)
    # the cell is on top at its own centre: still visible, not scrolled under the other columns
    assert cell.evaluate("(c, p) => c.contains(document.elementFromPoint(p[0], p[1]))",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    second = page.locator(".kb-wide table tbody tr").first.locator("td").nth(1).bounding_box()
    assert second["x"] < box["x"], "the other columns scrolled away under the first"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()


# ------------------------------------------------------------------ breadcrumbs, charts, pinyin index

def test_entry_pages_show_theme_kind_and_entry(built_fixture, served_fixture, browser):
    page_html = (built_fixture / "measure" / "cw-zucheng" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav (?=[^>]*aria-label="当前位置")[^>]*class="kb-breadcrumb"[^>]*>(.*?)</nav>', page_html, re.S)
    assert nav, "no breadcrumb on the measure page"
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1))
    assert links == [("../../theme/cunwu-jiandu/", "村务监督"), ("../", "工作措施")]
    assert '<span aria-current="page">确定村务监督委员会的组成</span>' in nav.group(1)
    assert nav.start() < page_html.index("<h1")
    for href, _ in links:
        assert (built_fixture / "measure" / "cw-zucheng" / href / "index.html").resolve().exists()
    unit = (built_fixture / "unit" / "xian-minzhengju" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="kb-breadcrumb"[^>]*>\s*<ol>\s*<li><a href="../">单位</a></li>', unit)
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_fixture + "measure/cw-zucheng/")
    crumbs = page.get_by_role("navigation", name="当前位置")
    assert crumbs.get_by_role("link").all_inner_texts() == ["村务监督", "工作措施"]
    crumbs.get_by_role("link", name="工作措施").click()
    assert page.url.endswith("/measure/")
    context.close()


def test_breadcrumbs_stay_out_of_the_search_text(built_fixture):
    from policykb.core.search.docs import page_text
    page_html = (built_fixture / "measure" / "cw-zucheng" / "index.html").read_text(encoding="utf-8")
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    assert "kb-breadcrumb" in article
    assert page_text(article).startswith("确定村务监督委员会的组成 委员会由")


def test_charts_have_text_alternatives(built_fixture):
    page_html = (built_fixture / "views" / "stats" / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r"<svg class=\"kb-chart\"[^>]*>.*?</svg>", page_html, re.S)
    assert len(charts) == 2
    for chart in charts:
        assert 'role="img"' in chart
        label = re.search(r'aria-label="([^"]+)"', chart).group(1)
        assert "条形图" in label
        assert re.search(r"<svg[^>]*><title>[^<]+</title><desc>[^<]*\d[^<]*</desc>", chart)


def test_pinyin_index_has_no_empty_heading(built_fixture):
    page_html = (built_fixture / "pinyin" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<a[^>]*>\s*</a>", page_html)
    assert not re.search(r"<h2[^>]*>\s*(<a[^>]*headerlink[^>]*>.*?</a>)?\s*</h2>", page_html)


# ------------------------------------------------------------------ printed handouts

def test_print_css_sets_a4_with_gbt9704_margins_and_page_numbers(built_fixture):
    css = (built_fixture / "assets" / "policykb" / "kb.css").read_text(encoding="utf-8")
    page_rule = re.search(r"@page\s*\{([^}]*)\}", css).group(1)
    assert re.search(r"size:\s*A4", page_rule)
    # top 37 mm (天头), right 26 mm, bottom 35 mm, left 28 mm (订口): a 156 × 225 mm text block
    assert re.search(r"margin:\s*37mm 26mm 35mm 28mm", page_rule)
    assert len(re.findall(r"counter\(page\)", css)) == 2


def test_a_handout_prints_to_pdf_with_numbered_a4_pages(browser, served_fixture, built_fixture):
    context = browser.new_context()
    page = context.new_page()
    handout = entry_pages(built_fixture)[-1]
    page.goto(served_fixture + handout)
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 1
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert sizes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes), sizes
    context.close()


def test_entries_not_under_a_letter_get_a_named_heading():
    """Titles starting with a digit are filed under "#": its heading and TOC link must not be empty."""
    from conftest import FIXTURE, check
    from policykb.core.render.indexes import render_az_index
    kb, problems = check(FIXTURE / "data")
    assert not problems.errors
    entry = kb.of_kind("qa")[0]
    entry.data[entry.kind.title_field] = "12345 热线转办的村务问题怎么答复？"
    markdown = render_az_index(kb)
    assert "## 其他（非字母开头） { #other }" in markdown
    assert not re.search(r"^## #", markdown, re.M)
