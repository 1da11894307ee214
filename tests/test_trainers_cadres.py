"""Courses and handouts for trainers; unit, timeline, targets and statistics pages for cadres."""
from __future__ import annotations

import re

from conftest import FIXTURE, check
from htmlutil import Page

KB, _ = check(FIXTURE / "data")


def test_course_totals_its_hours(built_fixture):
    page = Page(built_fixture, "course/kc-cunganbu/index.html")
    assert "必修 2 学时，选修 3 学时" in page.text
    assert re.search(r"合计</strong></td>\s*<td></td>\s*<td[^>]*><strong>5</strong>", page.html)
    rows = re.findall(r'<td><a href="../../module/([^/]+)/">', page.html)
    assert rows == ["cw-peixun-zhize", "xl-peixun-zixunshi"]


def test_module_page_shows_its_courses_with_previous_and_next(built_fixture):
    page = Page(built_fixture, "module/xl-peixun-zixunshi/index.html")
    assert "所属课程" in page.text and "第 2/2 个" in page.text
    section = page.html[page.html.index('id="所属课程"'):]
    assert '<a href="../cw-peixun-zhize/">村务监督委员会的职责与权利</a>' in section.split("</table>")[0]


def test_handout_inlines_the_full_text_of_every_linked_entry(built_fixture):
    page = Page(built_fixture, "handout/kc-cunganbu/index.html")
    text = page.text
    for module_id in ("cw-peixun-zhize", "xl-peixun-zixunshi"):
        module = KB.get("module", module_id)
        assert f'id="module-{module_id}"' in page.html
        for ref in module.data["readings"]:
            target = KB.resolve(ref)
            assert f'id="{module_id}-{target.kind.name}-{target.id}"' in page.html
            for field in ("summary", "practice", "answer", "body"):
                value = target.data.get(field)
                if value:
                    line = re.sub(r"\[\[(\w+):([\w-]+)[^\]]*\]\]", lambda m: KB.get(m[1], m[2]).title,
                                  value.strip().splitlines()[0])  # cross-references show their target's title
                    first = re.sub(r"[*`\[\]#]|\(.*?\)", "", line)[:12]
                    assert first in text, (target.id, field)
    assert "目录" in [h for _, h in page.headings]
    toc_links = re.findall(r'<a href="#([^"]+)">', page.html)
    assert all(f'id="{anchor}"' in page.html for anchor in toc_links) and len(toc_links) >= 5


def test_handout_prints_without_navigation(browser, served_fixture):
    page = browser.new_page()
    page.goto(served_fixture + "handout/kc-cunganbu/")
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("h2#module-xl-peixun-zixunshi").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    page.close()


def test_unit_pages_list_exactly_the_measures_naming_the_unit(built_fixture):
    for unit in KB.of_kind("unit"):
        lead = {m.id for m in KB.of_kind("measure") if any(r.id == unit.id for r in m.data.get("lead") or [])}
        part = {m.id for m in KB.of_kind("measure") if any(r.id == unit.id for r in m.data.get("partners") or [])}
        page = Page(built_fixture, f"unit/{unit.id}/index.html")
        if not lead and not part:
            assert "职责清单" not in page.text
            continue
        section = page.html[page.html.index('id="职责清单"'):]
        section = section[: section.find("<h2", 10)]
        listed_lead = set(re.findall(r'牵头：<a href="../../measure/([^/]+)/', section))
        listed_part = set(re.findall(r'参与：<a href="../../measure/([^/]+)/', section))
        assert (listed_lead, listed_part) == (lead, part - lead), unit.id


def test_responsibility_matrix_links_counts_to_unit_sections(built_fixture):
    page = Page(built_fixture, "views/responsibility/index.html")
    assert '<a href="../../unit/cun-dangzhibu/#zhize-cunwu-jiandu">2/1</a>' in page.html
    for href in re.findall(r'href="(\.\./\.\./unit/[^"]+#[^"]+)"', page.html):
        file, fragment = page.resolve(href)
        assert f'id="{fragment}"' in file.read_text(encoding="utf-8")


def test_timeline_orders_deadlines_and_targets(built_fixture):
    page = Page(built_fixture, "views/timeline/index.html")
    assert [h for level, h in page.headings if level == "h2"][0] == "2012 年"
    assert "2012-04-30：" in page.text and "候选人人数多于应选人数" in page.text
    assert "第二季度" in page.text


def test_targets_table_lists_every_target_and_filters_in_the_browser(built_fixture, browser, served_fixture):
    expected = sum(len(m.data.get("targets") or []) for m in KB.of_kind("measure"))
    page = Page(built_fixture, "views/targets/index.html")
    assert f"全部 {expected} 项量化指标" in page.text
    assert page.html.count("<tr>") == expected + 1
    tab = browser.new_page()
    tab.goto(served_fixture + "views/targets/")
    tab.select_option("select.kb-table-filter", "社会心理服务")
    visible = tab.locator(".kb-table tbody tr:visible").count()
    assert visible == 1 and tab.locator(".kb-table-count").inner_text() == "显示 1 项"
    tab.locator(".kb-table th", has_text="目标值").click()
    tab.close()


def test_stats_page_has_svg_charts_and_gaps(built_fixture):
    page = Page(built_fixture, "views/stats/index.html")
    assert page.html.count('<svg class="kb-chart"') == 2
    no_case = page.html[page.html.index('id="gap-case"'):page.html.index('id="gap-qa"')]
    assert "measure/cw-fuhe-piaoju/" in no_case and "measure/cw-xuanju/" not in no_case


def test_exports_are_linked_and_downloadable(built_fixture):
    page = Page(built_fixture, "views/stats/index.html")
    for name in ("measures.xlsx", "measures.csv", "qa.xlsx", "qa.csv", "knowledge-base.json"):
        assert f'href="../../exports/{name}"' in page.html
        assert (built_fixture / "exports" / name).stat().st_size > 100
