"""Importing plan documents (Word/WPS/text) as draft entries, checked against hand-read seed articles."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import bench_import as bench
import pytest
import yaml
from conftest import ROOT, check, run_check, run_mkdocs, write
from policykb.core.exchange.docimport import reading
from policykb.core.exchange.docimport.notes import extract_bracketed, find_range, find_targets, parse_deadline
from policykb.core.exchange.docimport.outline import parse_line
from policykb.core.exchange.docimport.plan import parse_plan
from policykb.core.exchange.docimport.reading import Document, Paragraph, ReadError, read_document
from policykb.core.exchange.docimport.review import import_plan, report
from policykb.core.model.problems import Problems

SEEDS = bench.find_seeds()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="种子文件目录（../shared/seeds）不在，无法读取真实方案")
needs_soffice = pytest.mark.skipif(
    reading.soffice() is None, reason="没有 soffice（scripts/test.sh 以 root 运行时会安装 libreoffice-writer-nogui）")
ARTICLES = {a["name"]: a for a in bench.load_expected()}
IMPORT = [sys.executable, str(ROOT / "scripts" / "import_doc.py")]


def plan_of(*lines: str):
    return parse_plan(Document(Path("x.txt"), [Paragraph(i, reading.clean(t)) for i, t in enumerate(lines, 1)]))


# ---- pieces ---------------------------------------------------------------

@pytest.mark.parametrize("text, value, note", [
    ("2020年6月底前", "2020-06", ""),
    ("2021年12月31日前", "2021-12-31", ""),
    ("2022年", "2022", ""),
    ("2020年12月底前启动，2021年6月底前完成", "2021-06", ""),
    ("长期坚持", "", "长期坚持"),
    ("2022年9月31日", "", "日期「2022年9月31日」不存在，没有填入"),
    ("按上级要求", "", ""),
])
def test_deadlines(text, value, note):
    when = parse_deadline(text)
    assert (when.value, when.note) == (value, note)


@pytest.mark.parametrize("text", [
    "建立台账。（牵头单位：县民政局；配合单位：县财政局、县司法局；完成时限：2020年6月底前）",
    "建立台账。【牵头单位：县民政局；配合单位：县财政局、县司法局；完成时限：2020年6月底前】",
    "建立台账。[牵头单位:县民政局;配合单位:县财政局、县司法局;完成时限:2020年6月底前]",
])
def test_bracketed_annotations(text):
    rest, ann = extract_bracketed(reading.clean(text))
    assert rest == "建立台账。"
    assert (ann.lead, ann.partners, parse_deadline(ann.deadline_text).value) == (
        ["县民政局"], ["县财政局", "县司法局"], "2020-06")


def test_lead_by_annotation_with_nested_brackets_and_own_line_annotations():
    rest, ann = extract_bracketed(reading.clean("做好调解。(镇党建办公室牵头,镇派出所、各村(居)等按职责负责组织实施)"))
    assert rest == "做好调解。" and ann.lead == ["镇党建办公室"] and ann.partners == ["镇派出所", "各村（居）"]
    assert extract_bracketed("成立领导小组（以下简称领导小组）。")[1] is None   # ordinary brackets stay text
    plan = plan_of("一、重点任务", "1.建立台账。", "牵头单位：县民政局", "配合单位：县财政局", "完成时限：长期坚持",
                   "2.开展培训。", "责任单位：县司法局、县妇联")
    first, second = plan.items
    assert (first.annotation.lead, first.annotation.partners, first.deadline.note) == (
        ["县民政局"], ["县财政局"], "长期坚持")
    assert (second.annotation.lead, second.annotation.partners) == ([], ["县司法局", "县妇联"])


def test_lead_and_deadline_written_as_running_text():
    plan = plan_of("二、主要任务", "（一）建立台账。由县民政局牵头，2024年6月底前完成。",
                   "（二）开展培训。由县司法局负责牵头，于2025年3月31日前完成。（牵头单位：县妇联）",
                   "（三）加强宣传。由各村负责，要求群众知晓。")
    first, second, third = plan.items
    assert (first.annotation.lead, first.deadline.value) == (["县民政局"], "2024-06")
    assert (second.annotation.lead, second.deadline.value) == (["县妇联"], "2025-03-31")  # the bracketed note wins
    assert (third.annotation.lead, third.deadline.value) == ([], "")  # 各村 is no unit, and no 前 date


@pytest.mark.parametrize("line, number", [
    ("庆发〔2020〕6号", "庆发〔2020〕6号"),
    ("闽民建[2011]2号", "闽民建〔2011〕2号"),
    ("资平安组发(2020)3号", "资平安组发〔2020〕3号"),
    ("建委办„2012‟33号", "建委办〔2012〕33号"),
    ("建委办\u00a0„2012‟\u00a033 号", "建委办〔2012〕33号"),
])
def test_document_numbers(line, number):
    assert plan_of(line, "某县工作方案", "一、主要任务", "1.建立台账。").number == number


def test_outline_numbering_and_glued_headings():
    assert (parse_line(1, "（一）指导思想。以……为指导。").heading,
            parse_line(1, "（一）指导思想。以……为指导。").rest) == ("指导思想", "以……为指导。")
    assert [parse_line(1, t).style
            for t in ("一、总体要求", "（二）工作目标", "3.建立台账", "（4）开展培训", "⑤做好宣传")] == [
        "一、", "（一）", "1.", "（1）", "①"]
    assert parse_line(1, "2.5万元用于培训").style == ""          # a number, not numbering
    assert parse_line(1, "2.建立台账，明确专人。再按月更新。").heading == ""   # a sentence, not a heading
    assert parse_line(1, "六、方法步骤 开展试点工作从4月份开始").heading == "方法步骤"
    plan = plan_of("一、实施步骤 试点分为两个阶段：（一）启动阶段（2012年4月1日至20日）。成立机构。"
                   "（二）总结阶段（2012年5月）。总结经验。")
    assert [(i.heading, i.deadline.value) for i in plan.items] == [("启动阶段", "2012-04-20"), ("总结阶段", "2012-05")]


def test_signature_lines_after_the_body_are_issuer_and_date_not_task_text():
    plan = plan_of("某县工作方案", "一、主要任务", "1.建立台账。", "责任单位：县民政局", "成立领导小组",
                   "某县人民政府办公室", "2020年6月1日")
    assert [i.text for i in plan.items] == ["建立台账。成立领导小组"]
    assert (plan.issuer, plan.date) == ("某县人民政府办公室", "2020-06-01")


def test_phase_ranges():
    r = find_range("全面发动阶段（2020年6月30日-2020年7月10日）")
    assert (r.start.value, r.end.value) == ("2020-06-30", "2020-07-10")
    r = find_range("宣传动员阶段（2012年4月1日至20日）")
    assert (r.start.value, r.end.value) == ("2012-04-01", "2012-04-20")
    assert find_range("第一阶段（2020年）").end.value == "2020"


def test_targets():
    by_2021, = find_targets("到2021年底，全县村级综合服务站覆盖率达到80%以上。")
    assert (by_2021.value, by_2021.unit, by_2021.by, by_2021.note) == (80, "%", "2021", "达到以上")
    each, = find_targets("每村至少1名法律明白人。")
    assert (each.what, each.value, each.unit, each.note) == ("每村至少1名法律明白人", 1, "名", "至少")
    assert find_targets("加强组织领导，明确责任分工。") == []


def test_text_files_clean_spaces_and_report_gb18030(tmp_path):
    path = tmp_path / "方案.txt"
    path.write_bytes("某县工作方案\n一、主要任务\n1.\u3000建立\u00a0台账,明确责任。\n".encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030" and doc.unit == "行"
    assert doc.paragraphs[-1].text == "1. 建立 台账，明确责任。"
    assert "GB18030" in report(import_plan(path, ROOT / "data", "zhenyu-zhili", "t", Problems()))
    path.write_bytes(b"\xff\xfe\x00\xd8 broken")
    with pytest.raises(ReadError, match="UTF-8"):
        read_document(path)


def test_task_tables_in_word_become_one_task_per_row(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("某县2021年乡村治理重点任务分工方案")
    document.add_paragraph("一、重点任务")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]):
        cell.text = text
    for values in (["1", "建立村级小微权力清单。", "县纪委监委", "县民政局、县农业农村局", "2021年6月底前"],
                   ["2", "每村至少配备1名法律明白人", "县司法局", "", "长期坚持"]):
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    other = document.add_table(rows=1, cols=2)   # not a task table: its row stays one paragraph
    other.rows[0].cells[0].text, other.rows[0].cells[1].text = "联系人", "办公室"
    document.save(str(tmp_path / "分工.docx"))
    doc = read_document(tmp_path / "分工.docx")
    assert [p.row for p in doc.paragraphs] == [False, False, True, True, False]
    plan = parse_plan(doc)
    assert plan.title == "某县2021年乡村治理重点任务分工方案"
    assert [(i.heading, i.annotation.lead, i.annotation.partners, i.deadline.value, i.deadline.note)
            for i in plan.items] == [
        ("建立村级小微权力清单", ["县纪委监委"], ["县民政局", "县农业农村局"], "2021-06", ""),
        ("每村至少配备1名法律明白人", ["县司法局"], [], "", "长期坚持")]
    assert [(t.value, t.unit, t.note) for t in plan.items[1].targets] == [(1, "名", "至少")]


def test_markdown_plans(tmp_path):
    path = write(tmp_path / "方案.md", """
        # 某镇平安建设工作方案

        ## 一、重点任务

        - 1.建立矛盾纠纷排查台账【牵头单位：派出所；完成时限：2021年12月31日前】
        - 2.开展法治宣传，到2021年底群众法治知晓率达到90%以上。[责任单位：司法所]
        """)
    plan = parse_plan(read_document(path))
    assert plan.title == "某镇平安建设工作方案"
    assert [(i.heading or i.text, i.annotation.lead, i.annotation.partners, i.deadline.value) for i in plan.items] == [
        ("建立矛盾纠纷排查台账", ["派出所"], [], "2021-12-31"),
        ("开展法治宣传，到2021年底群众法治知晓率达到90%以上", [], ["司法所"], "")]   # one sentence: all heading
    target, = plan.items[1].targets
    assert (target.what, target.value, target.by, target.note) == (
        "到2021年底群众法治知晓率达到90%以上", 90, "2021", "达到以上")


def test_missing_libreoffice_is_a_clear_chinese_error(tmp_path, monkeypatch):
    doc = tmp_path / "方案.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    monkeypatch.setattr(reading.shutil, "which", lambda name: None)
    with pytest.raises(ReadError) as err:
        read_document(doc)
    assert "LibreOffice" in err.value.message and "libreoffice-writer-nogui" in err.value.hint


# ---- real plans from the seeds, against hand-checked expectations --------------

def assert_matches(article: dict, imported) -> None:
    plan = imported.plan
    assert len(plan.tasks) == article["tasks"] and len(plan.phases) == article["phases"]
    pairs = bench.pair_items(article["items"], plan.items)
    missing = [e["start"] for e, f in pairs if f is None]
    extra = [bench.key_of(f)[:20] for e, f in pairs if e is None]
    assert missing == [] and extra == []
    for exp, found in pairs:
        units = found.annotation.lead + found.annotation.partners
        assert (exp["start"], sorted(units)) == (exp["start"], sorted(exp.get("units", [])))
        assert (exp["start"], found.annotation.lead) == (exp["start"], exp.get("lead", []))
        assert (exp["start"], found.deadline.value) == (exp["start"], bench._deadline(exp.get("deadline")))
        assert found.is_phase == bool(exp.get("phase"))
    assert (plan.title or None) == article["title"]
    assert (plan.number or None) == article["number"]
    assert (plan.issuer or None) == article["issuer"]
    assert (plan.date or None) == (str(article["date"]) if article.get("date") else None)


@needs_seeds
@pytest.mark.parametrize("name", list(ARTICLES))
def test_seed_articles_as_docx(name, tmp_path):
    assert_matches(ARTICLES[name], bench.import_article(SEEDS, ARTICLES[name], tmp_path, ".docx"))


@needs_seeds
@pytest.mark.parametrize("name", [n for n in ARTICLES if "六都寨" in n or "建宁" in n])
def test_seed_articles_as_text(name, tmp_path):
    assert_matches(ARTICLES[name], bench.import_article(SEEDS, ARTICLES[name], tmp_path, ".txt"))


@needs_seeds
def test_liuduzhai_units_are_matched_by_name_then_alias_and_unknown_ones_proposed(tmp_path):
    imported = bench.import_article(SEEDS, ARTICLES["六都寨镇（004 A2）"], tmp_path)
    matches = {name: (m.id, m.how) for name, m in imported.drafts.matches.items()}
    assert matches["派出所"] == ("paichusuo", "名称")
    assert matches["社会治安和应急管理办"] == ("zy-zhen-zhian-yingji-ban", "又称")
    assert matches["社会治安和应急管办"] == ("zy-zhen-zhian-yingji-ban", "又称")
    assert matches["工会"][0] == "" and matches["工会"][1].startswith("同名多个")
    assert matches["各村（居）"] == ("", "不是具体单位")
    proposed = {u["name"]: u["id"] for u in imported.drafts.units}
    assert proposed == {"镇纪委办": "zhen-jiwei-ban", "中心校": "zhongxinxiao", "卫生院": "weishengyuan"}
    assert all(u["status"] == "draft" and set(u) == {"id", "name", "source", "status"} for u in imported.drafts.units)
    first = next(m for i, m in imported.drafts.items if i.path == "四、（一）1.")
    assert first["partners"] == ["zhen-jiwei-ban", "zy-zhen-jiceng-dangjianban", "zy-zhen-dangzheng-zongheban",
                                 "zy-zhen-zhian-yingji-ban"]
    assert "lead" not in first and "deadline" not in first     # the document gives neither
    assert first["source"] == [{"doc": "plan.docx", "article": "镇域社会治理现代化建设实施意见",
                                "note": "第 30 段，四、（一）1."}]   # seed line 129: the 30th non-empty line from 71
    last_phase = next(m for i, m in imported.drafts.items if i.path == "三、5.")
    assert last_phase["phase"] == "全面验收阶段（2022年4月1日-2022年9月31日）" and "deadline" not in last_phase


@needs_seeds
def test_a_document_already_in_data_is_cited_not_duplicated(tmp_path):
    imported = bench.import_article(SEEDS, ARTICLES["建宁县村务监督委员会试点（001 第二篇）"], tmp_path)
    assert imported.drafts.existing_policy == "cw-jianning-shidian-fangan-2012"   # same 文号 in data/cunwu
    assert "policies" not in imported.drafts.mapping()
    assert {tuple(m["basis"]) for m in imported.drafts.measures} == {("cw-jianning-shidian-fangan-2012",)}
    assert "政策文件已在知识库中（`cw-jianning-shidian-fangan-2012`" in report(imported)


# ---- LibreOffice: .doc and .wps ---------------------------------------------

@needs_seeds
@needs_soffice
def test_doc_and_wps_round_trip_through_libreoffice(tmp_path):
    article = ARTICLES["资溪县某镇（004 A3）"]
    docx = bench.write_docx(bench.article_lines(SEEDS, article), tmp_path / "zixi.docx")
    out = tmp_path / "doc"
    subprocess.run([reading.soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "doc", "--outdir", str(out), str(docx)],
                   capture_output=True, timeout=180, check=True)
    doc = out / "zixi.doc"
    wps = shutil.copy(doc, tmp_path / "zixi.wps")   # WPS Writer's .wps opens like a Word 97 file
    for path in (doc, Path(wps)):
        problems = Problems()
        imported = import_plan(path, ROOT / "data", "zhenyu-zhili", "zixi", problems)
        assert imported is not None, problems.report()
        assert imported.doc.converted
        assert_matches(article, imported)


# ---- the command, check.py and a real build ----------------------------------

def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "kb"
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


@needs_seeds
def test_import_check_and_build_never_publish_drafts(tmp_path):
    project = project_copy(tmp_path)
    source = bench.write_docx(bench.article_lines(SEEDS, ARTICLES["六都寨镇（004 A2）"]),
                              tmp_path / "六都寨镇方案.docx")
    out = project / "data" / "草稿" / "liuduzhai.yaml"
    args = [*IMPORT, str(source), "--theme", "zhenyu-zhili", "--prefix", "ldzdraft", "--out", str(out),
            "--data", str(project / "data")]
    run = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "工作措施 37 条（任务 32 条、实施阶段 5 个），新单位草稿 3 个" in run.stdout
    assert "没有牵头或责任单位的任务 0 条" in run.stdout and "没有完成时限的条目 33 条" in run.stdout
    assert "中心校：已建单位草稿 `zhongxinxiao`" in run.stdout and "各村（居）：不是具体单位" in run.stdout
    written = out.read_text(encoding="utf-8")
    data = yaml.safe_load(written)
    assert [len(data[k]) for k in ("policies", "units", "measures")] == [1, 3, 37]
    assert all(e["status"] == "draft" for k in data for e in data[k])

    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "输出文件已存在" in again.stdout and out.read_text(encoding="utf-8") == written

    checked = run_check(project / "data")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "data/草稿/liuduzhai.yaml: 提示: 待审核草稿 41 条（1 个文件）" in checked.stdout
    first_measure = next(n for n, line in enumerate(written.splitlines(), 1) if line.startswith("- id: ldzdraft-")
                         and n > written.splitlines().index("measures:"))
    assert f"data/草稿/liuduzhai.yaml:{first_measure}: 提示: 待审核草稿：工作措施「全面发动阶段」" in checked.stdout

    built = run_mkdocs(project, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    draft_ids = re.compile(rb"(?<![a-z0-9-])(" + "|".join(e["id"] for k in data for e in data[k]).encode()
                           + rb")(?![a-z0-9-])")   # whole ids: `weishengyuan` is not `xiangzhen-weishengyuan`
    leaks = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.is_file() and draft_ids.search(p.read_bytes())]
    assert leaks == []
    assert not (site / "measure" / "ldzdraft-fahui-dangwei-zonglan-quanju-xietiao-gefang-de").exists()
    assert (site / "measure").is_dir() and (site / "search" / "search_index.json").is_file()
    for profile in ("public", "internal"):
        kb, problems = check(project / "data", profile=profile)
        assert not problems.errors and not any(e.data.get("status") == "draft" for e in kb.entries.values())


def test_a_published_entry_cannot_reference_a_draft(tmp_path):
    data = tmp_path / "data"
    write(data / "themes.yaml", """
        themes:
          - {id: t, name: 主题, summary: 主题。}
        """)
    write(data / "units.yaml", """
        units:
          - id: draft-unit
            name: 草稿单位
            status: draft
        """)
    write(data / "measures.yaml", """
        measures:
          - id: m
            title: 措施
            themes: [t]
            summary: 概述。
            lead: [draft-unit]
        """)
    kb, problems = check(data)
    assert [(p.path, p.line, p.message) for p in problems.errors] == [
        ("data/measures.yaml", 6, "引用了待审核草稿 `unit:draft-unit`，草稿不会发布。")]
    assert sorted((p.path, p.line, p.message) for p in problems.notices) == [
        ("data/units.yaml", 0, "待审核草稿 1 条（1 个文件），构建时不发布。"),
        ("data/units.yaml", 2, "待审核草稿：单位「草稿单位」（unit:draft-unit），不会发布。")]


@pytest.mark.parametrize("setup, args, message", [
    ("plan", ["--theme", "no-such-theme"], "主题 `no-such-theme` 不存在"),
    ("empty", ["--theme", "zhenyu-zhili"], "没有识别出任何任务条目"),
    ("pdf", ["--theme", "zhenyu-zhili"], "不支持的文件类型 `.pdf`"),
    ("plan", ["--theme", "zhenyu-zhili", "--prefix", "Bad_Prefix"], "id 前缀 `Bad_Prefix` 不合法"),
])
def test_bad_input_writes_nothing(tmp_path, setup, args, message):
    source = {"plan": tmp_path / "方案.txt", "empty": tmp_path / "通知.txt", "pdf": tmp_path / "方案.pdf"}[setup]
    source.write_text({"plan": "某镇工作方案\n一、主要任务\n1.建立台账。\n责任单位：派出所\n",
                       "empty": "关于召开会议的通知\n请各单位准时参加。\n", "pdf": "%PDF-1.4"}[setup], encoding="utf-8")
    out = tmp_path / "out" / "草稿.yaml"
    run = subprocess.run([*IMPORT, str(source), "--out", str(out), *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and message in run.stdout and "Traceback" not in run.stderr
    assert "没有写入任何条目" in run.stderr and not out.exists()
