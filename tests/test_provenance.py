"""Provenance: what the data presents as sourced is in the cited article; what the
editors inferred is marked in data and shown as such on pages and in exports."""
from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
import seedtext
from conftest import FIXTURE, ROOT, check, run_mkdocs, write
from htmlutil import Page

KB, PROBLEMS = check(ROOT / "data")
needs_seeds = pytest.mark.skipif(seedtext.seeds_dir() is None,
                                 reason="seed documents not found at ../shared/seeds or /work/shared/seeds")


# ------------------------------------------------------------------ the seed text helper

@needs_seeds
def test_seedtext_finds_articles_by_their_headings():
    doc1, doc4 = "001_6e60e1604540f7ac.txt", "004_9602a03acf104fcd.txt"
    third, plan5 = seedtext.article_text(doc1, "第三篇"), seedtext.article_text(doc1, "第三篇 方案5")
    assert plan5 in third and "庄浪" in plan5
    assert "小金库" not in third and "小金库" in seedtext.article_text(doc1, "第四篇")
    assert "建宁" in seedtext.article_text(doc1, "第二篇") and "建宁" not in plan5
    assert seedtext.spans(doc4)["A2"][0] == 70 and "六都寨" in seedtext.article_text(doc4, "A2")
    assert "六都寨" not in seedtext.article_text(doc4, "A3")
    assert seedtext.article_text("000_3b391962b9b5d88a.txt", "试点实施方案篇2") == \
        seedtext.article_text("000_3b391962b9b5d88a.txt", "篇2")
    assert seedtext.article_text(doc1, "第九篇") is None
    assert seedtext.normalise("乡(镇)\u00a0党委 ") == "乡（镇）党委"


@needs_seeds
def test_every_cited_article_is_found_in_its_seed():
    unknown = sorted({f"{e.path}:{e.line_of('source')} {s['doc']} {s['article']}"
                      for e in KB.entries.values() for s in e.data.get("source") or []
                      if seedtext.source_text(s) is None})
    assert unknown == []


# ------------------------------------------------------------------ bundled data against the seeds

def _names(unit) -> list[str]:
    return [unit.title, *(unit.data.get("aliases") or [])]


@needs_seeds
def test_units_of_sourced_responsibilities_are_named_in_the_cited_article():
    missing = []
    for measure in KB.of_kind("measure"):
        text = "".join(seedtext.source_text(s) or "" for s in measure.data["source"])
        inferred = set(measure.data.get("inferred") or [])
        for field in ("lead", "partners"):
            if field in inferred:
                continue
            for ref in measure.data.get(field) or []:
                unit = KB.resolve(ref)
                if unit and not seedtext.mentions(text, _names(unit)):
                    missing.append(f"{measure.path}:{measure.line_of(field)} {measure.id} {field}: {unit.title}")
    assert missing == [], "单位在所引文章中找不到（删去，或在 inferred 中标明并写编者注）：\n" + "\n".join(missing)


@needs_seeds
def test_units_are_named_in_every_article_they_cite():
    missing = [f"{u.path}:{u.line_of('source')} {u.id}: {s['doc']} {s['article']}"
               for u in KB.of_kind("unit") if "name" not in (u.data.get("inferred") or [])
               for s in u.data.get("source") or [] if not seedtext.mentions(seedtext.source_text(s) or "", _names(u))]
    assert missing == []


@needs_seeds
def test_place_names_occur_in_the_cited_articles():
    missing = []
    for entry in KB.entries.values():
        text = "".join(seedtext.source_text(s) or "" for s in entry.data.get("source") or [])
        for part, name in (entry.data.get("place") or {}).items():
            if not seedtext.mentions(text, [name]):
                missing.append(f"{entry.path}:{entry.line_of('place')} {entry.ref} place.{part}: {name}")
    assert missing == [], "\n".join(missing)
    every_place = {n for e in KB.entries.values() for n in (e.data.get("place") or {}).values()}
    assert every_place and all(seedtext.mentions(seedtext.all_text(), [n]) for n in every_place)


def test_inferred_facts_carry_a_reason():
    # the mechanism is used, and every use says why
    marked = [e for e in KB.entries.values() if e.data.get("inferred")]
    assert len(marked) > 50
    assert [e.ref for e in marked if not e.data.get("editor_note")] == []


def test_local_rules_in_answers_name_their_place_and_year():
    jianning = [q for q in KB.of_kind("qa")
                if [s.get("place") for s in q.data["source"]] == ["建宁县"]]
    assert len(jianning) >= 15
    unscoped = [q.id for q in jianning if not re.search(r"建宁县.{0,12}2012|2012.{0,12}建宁县", q.data["answer"])]
    assert unscoped == []


# ------------------------------------------------------------------ the mechanism

INFERRED = """
measures:
  - id: tui-ding
    title: 推定牵头单位的措施
    themes: [cunwu-jiandu]
    summary: 原文只写任务，未写谁牵头。
    lead: [xian-minzhengju]
    partners: [cun-dangzhibu]
    deadline: 2012-05
    body: 按月复核。
    inferred: [lead, deadline]
    editor_note: 原文未写明牵头单位，按职责推定；完成时限按试点阶段统一记录。
    source: {doc: 001_6e60e1604540f7ac.txt, article: 第二篇}
"""


def test_validation_accepts_inferred_fields_of_the_kind_only(tmp_path):
    data = shutil.copytree(FIXTURE / "data", tmp_path / "data")
    write(data / "x.yaml", INFERRED.replace("inferred: [lead, deadline]", "inferred: [lead, leader, title2]"))
    _, problems = check(data)
    errors = [p for p in problems.items if p.path.endswith("x.yaml")]
    assert len(errors) == 1 and errors[0].line == 10  # the `inferred:` line
    assert "`leader`、`title2`" in errors[0].message and "`lead`" in errors[0].hint


@pytest.fixture(scope="module")
def built_inferred(tmp_path_factory):
    project = tmp_path_factory.mktemp("inferred") / "kb"
    shutil.copytree(FIXTURE, project)
    write(project / "data" / "inferred.yaml", INFERRED)
    modules = project / "data" / "cunwu.yaml"  # one module of the fixture's course gets suggested hours
    text = modules.read_text(encoding="utf-8")
    marked = text.replace("    exercises: [列举委员会可以列席的会议。]\n",
                          "    exercises: [列举委员会可以列席的会议。]\n    inferred: [hours, exercises]\n"
                          "    editor_note: 原文没有规定学时和练习，由编者建议。\n", 1)
    assert marked != text
    modules.write_text(marked, encoding="utf-8")
    result = run_mkdocs(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_entry_page_shows_the_editors_note_next_to_the_marked_fields(built_inferred):
    page = Page(built_inferred, "measure/tui-ding/index.html")
    assert "※ 编者注：原文未写明牵头单位，按职责推定；完成时限按试点阶段统一记录。" in page.text
    assert "（标 ※ 的牵头单位、完成时限为编者推定。）" in page.text
    rows = dict(re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td>(.*?)</td>\s*</tr>", page.html, re.S))
    assert rows["牵头单位"].endswith("※推定") and rows["完成时限"] == "2012-05 ※推定"
    assert "※" not in rows["责任单位"]
    sourced = Page(built_inferred, "measure/cw-zucheng/index.html")
    assert "编者注" not in sourced.text and "※" not in sourced.text


def test_matrix_and_unit_pages_tell_sourced_from_inferred(built_inferred):
    matrix = Page(built_inferred, "views/responsibility/index.html")
    assert "※ 表示原文未写明该单位的这项职责" in matrix.text
    assert '<a href="../../unit/xian-minzhengju/#zhize-cunwu-jiandu">0/0 ※1/0</a>' in matrix.html
    # a partner, as the source says
    assert '<a href="../../unit/cun-dangzhibu/#zhize-cunwu-jiandu">2/2</a>' in matrix.html
    unit = Page(built_inferred, "unit/xian-minzhengju/index.html")
    assert ("牵头 2 项工作措施，参与 0 项。"
            "其中原文写明的牵头 1 项、参与 0 项，编者推定（※）的牵头 1 项、参与 0 项") in unit.text
    assert re.search(r'牵头：<a href="../../measure/tui-ding/">推定牵头单位的措施</a> ※（2012-05）', unit.html)
    party = Page(built_inferred, "unit/cun-dangzhibu/index.html")
    assert re.search(r'参与：<a href="../../measure/tui-ding/">[^<]+</a>（', party.html)


def test_course_page_marks_suggested_hours(built_inferred):
    from policykb.core.render.courses import course_modules
    inferred = [m for course in KB.of_kind("course") for m, _ in course_modules(KB, course)
                if "hours" in (m.data.get("inferred") or [])]
    assert inferred  # the bundled courses use editors' hours
    page = Page(built_inferred, "course/kc-cunganbu/index.html")
    cells = re.findall(r'<td><a href="../../module/([^/]+)/">[^<]*</a></td>\s*<td>[^<]*</td>\s*<td[^>]*>([^<]*)</td>',
                       page.html)
    assert dict(cells) == {"cw-peixun-zhize": "2 ※", "xl-peixun-zixunshi": "3"}
    assert "※ 标 ※ 的学时是编者的建议安排" in page.text
    module = Page(built_inferred, "module/cw-peixun-zhize/index.html")
    assert "2 ※推定" in module.text and "※ 本节内容由编者推定" in module.text
    assert "※ 编者注：原文没有规定学时和练习，由编者建议。（标 ※ 的学时、练习与考核为编者推定。）" in module.text


def test_exports_carry_the_inferred_fields_and_the_note(built_inferred):
    raw = (built_inferred / "exports" / "measures.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    row = next(r for r in rows if r["编号"] == "tui-ding")
    assert row["推定字段"] == "牵头单位、完成时限" and row["编者注"].startswith("原文未写明牵头单位")
    assert next(r for r in rows if r["编号"] == "cw-zucheng")["推定字段"] == ""
    import json
    doc = json.loads((built_inferred / "exports" / "knowledge-base.json").read_text(encoding="utf-8"))
    entry = next(m for m in doc["kinds"]["measures"] if m["id"] == "tui-ding")
    assert entry["inferred"] == ["lead", "deadline"] and entry["editor_note"]


def test_import_reads_the_inferred_column_back(tmp_path):
    from policykb.core.exchange.importer import import_rows
    from policykb.core.exchange.sheets import COLUMNS
    from policykb.core.model.problems import Problems
    kb, _ = check(FIXTURE / "data")
    header = [c.header for c in COLUMNS["measure"]]
    row = {h: "" for h in header}
    row.update({"任务/措施": "导入的措施", "主题": "cunwu-jiandu", "概述": "概述", "牵头单位": "县民政局",
                "推定字段": "牵头单位", "编者注": "原文未写明牵头单位。", "来源": "001_6e60e1604540f7ac.txt｜第二篇"})
    problems = Problems()
    result = import_rows([header, [row[h] for h in header]], tmp_path / "t.csv", kb, problems)
    assert problems.errors == []
    assert result.entries[0]["inferred"] == ["lead"] and result.entries[0]["editor_note"] == "原文未写明牵头单位。"
