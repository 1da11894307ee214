"""A new kind needs nothing but its declaration: register 活动 (`event`) and build a real site.

The kind is registered in a child process (this file run as a script), so the other
tests never see it: the child registers the kind, builds a copy of the fixture project
with two events in its data with the real MkDocs build, and writes the ledger template
and the editor schema of that knowledge base next to the site. The test then reads the
HTML, the search index, the exports, the workbook and the schema.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, write
from htmlutil import Page

EVENTS = """
events:
  - id: fy-xietiao-huiyi
    title: 凤阳县社会心理服务试点多部门协调会
    themes: [xinli-fuwu]
    summary: 县卫健委汇报试点进展，县疾控中心解读实施方案和年度重点工作安排，各成员单位分析推进中的问题并商定办法。
    date: 2020-09-09
    place: {city: 滁州市, county: 凤阳县}
    body: |
      会议要求各部门对照任务分解表落实职责，各单位确定一名联络员及时报送信息，
      县委政法委和县卫健委适时督导，发现问题及时通报整改。
    units: [xian-minzhengju]
    inferred: [date]
    editor_note: 原文只写了 9 月 9 日，年份按会上解读的 2020 年重点工作安排推定。
    source: {doc: 000_3b391962b9b5d88a.txt, article: 篇6}
  - id: wenfu-dongyuan-dahui
    title: 文福镇乡村治理体系建设试点动员大会
    themes: [zizhi]
    summary: 试点的宣传发动和调查摸底阶段召开动员大会，随后举行专题座谈会、确定试点村、成立领导机构。
    date: 2019-08
    place: {town: 文福镇}
    units: [xiangzhen-dangwei]
    source: {doc: 000_3b391962b9b5d88a.txt, article: 篇1, note: 宣传发动和调查摸底阶段}
"""


def declare_event_kind():
    """The whole declaration of the new kind (what a project would write)."""
    from policykb.core.model.fields import Date, Markdown, RefTo, Text
    from policykb.core.model.kinds import PLACE, Kind, register
    return register(Kind("event", "events", "活动", "title", {
        "title": Text("标题", required=True, max_length=100, show="none"),
        "themes": RefTo("主题", required=True, kind="theme", inverse=""),
        "summary": Text("概述", required=True, show="summary"),
        "date": Date("日期"),
        "place": PLACE,
        "body": Markdown("内容", show="section"),
        "units": RefTo("参与单位", kind="unit", inverse="参与的活动"),
    }, roles=("hub",), ledger="活动记录", icon="material/calendar"))


def build_with_event_kind(project: Path, out: Path) -> None:
    """(In the child process) register the kind, build the site, write template and schema."""
    sys.path.insert(0, str(ROOT / "plugins"))
    declare_event_kind()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from policykb.core import build_knowledge_base
    from policykb.core.exchange.schema import schema_text
    from policykb.core.exchange.workbook import workbook_bytes

    os.chdir(project)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(out / "site"), strict=True))
    kb, problems = build_knowledge_base(project / "data")
    assert not problems.errors, problems.report()
    (out / "template.xlsx").write_bytes(workbook_bytes(kb, with_entries=False))
    (out / "schema.json").write_text(schema_text(kb), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("newkind")
    project = out / "kb"
    shutil.copytree(FIXTURE, project)
    write(project / "data" / "events.yaml", EVENTS)
    config = project / "mkdocs.yml"  # its index goes into the nav; its entry pages stay out with no setting
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - 问答: qa/index.md\n", "  - 问答: qa/index.md\n  - 活动: event/index.md\n"),
                      encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, __file__, str(project), str(out)], capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_the_kind_is_not_registered_here():
    from policykb.core.model.kinds import BY_PLURAL, KINDS
    assert "event" not in KINDS and "events" not in BY_PLURAL


def test_event_pages(built):
    site = built / "site"
    page = Page(site, "event/fy-xietiao-huiyi/index.html")
    assert page.headings[0] == ("h1", "凤阳县社会心理服务试点多部门协调会")
    assert ("h2", "内容") in page.headings
    assert "滁州市凤阳县" in page.html and "2020-09-09 ※推定" in page.html
    assert "unit/xian-minzhengju/index.html" in page.content_targets()
    unit = Page(site, "unit/xian-minzhengju/index.html")  # the inverse link
    assert ("h3", "参与的活动") in unit.headings
    assert "event/fy-xietiao-huiyi/index.html" in unit.content_targets()


def test_theme_hubs_list_events(built):
    site = built / "site"
    hub = Page(site, "theme/xinli-fuwu/index.html")
    assert ("h2", "活动") in hub.headings
    assert "event/fy-xietiao-huiyi/index.html" in hub.content_targets()
    parent = Page(site, "theme/sanzhi-ronghe/index.html")  # through its sub-theme 自治
    assert ("h2", "活动") in parent.headings and "活动 1 条" in parent.html
    assert "event/wenfu-dongyuan-dahui/index.html" in parent.content_targets()
    assert "event/wenfu-dongyuan-dahui/index.html" not in hub.content_targets()


def test_kind_index_nav_and_stats(built):
    site = built / "site"
    index = Page(site, "event/index.html")
    assert index.headings[0] == ("h1", "活动") and "共 2 条" in index.html
    assert {"event/fy-xietiao-huiyi/index.html", "event/wenfu-dongyuan-dahui/index.html"} <= index.content_targets()
    assert ("h2", "社会心理服务") in index.headings and ("h2", "三治融合") in index.headings
    stats = Page(site, "views/stats.html" if (site / "views/stats.html").exists() else "views/stats/index.html")
    assert "<th" in stats.html and "活动</th>" in stats.html


def test_search_index_has_events(built):
    meta = (built / "site" / "search" / "policykb" / "meta.js").read_text(encoding="utf-8")
    assert '["event/fy-xietiao-huiyi/","凤阳县社会心理服务试点多部门协调会"' in meta
    assert '["event/wenfu-dongyuan-dahui/","文福镇乡村治理体系建设试点动员大会"' in meta


def test_exports_have_events(built):
    exports = built / "site" / "exports"
    data = json.loads((exports / "knowledge-base.json").read_text(encoding="utf-8"))
    events = {e["id"]: e for e in data["kinds"]["events"]}
    assert set(events) == {"fy-xietiao-huiyi", "wenfu-dongyuan-dahui"}
    assert events["fy-xietiao-huiyi"]["units"] == ["unit:xian-minzhengju"]
    table = list(csv.reader(io.StringIO((exports / "events.csv").read_text(encoding="utf-8-sig"))))
    assert table[0][:7] == ["编号", "标题", "主题", "概述", "日期", "内容", "参与单位"] and len(table) == 3
    assert sorted(row[0] for row in table[1:]) == ["fy-xietiao-huiyi", "wenfu-dongyuan-dahui"]
    assert (exports / "events.xlsx").stat().st_size > 1000


def test_ledger_template_and_editor_schema_have_the_kind(built):
    from openpyxl import load_workbook
    wb = load_workbook(built / "template.xlsx")
    assert "活动" in wb.sheetnames
    headers = [c.value for c in wb["活动"][1]]
    assert headers[:5] == ["编号", "标题", "主题", "概述", "日期"] and "参与单位" in headers
    schema = json.loads((built / "schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    assert '"events"' in text and "参与单位" in text


if __name__ == "__main__":
    build_with_event_kind(Path(sys.argv[1]), Path(sys.argv[2]))
