"""Ledgers for every kind (scripts/sheets.py): template, export, import with sheet/row/column errors,
and export → import giving back the same entries and the same YAML for the bundled data."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_knowledge_base
from openpyxl import Workbook, load_workbook
from policykb.core.exchange.sheets import COLUMNS
from policykb.core.model.kinds import KINDS
from test_export_import import comparable

SHEETS = [sys.executable, str(ROOT / "scripts" / "sheets.py")]


def run(*args, data: Path = ROOT / "data") -> subprocess.CompletedProcess:
    return subprocess.run(SHEETS + ["--data", str(data), *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def entries_by_key(data: Path) -> dict:
    kb, problems = build_knowledge_base(data, profile="internal", derive=False)
    assert not problems.errors, problems.report()
    return {key: comparable(e) for key, e in kb.entries.items()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    result = run("export", "--out", out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "台账.xlsx"


def test_round_trip_of_every_kind_of_the_bundled_data(exported, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    first = tmp_path / "first" / "data"
    result = run("import", exported, "--out", first, data=empty)  # nothing known: names resolve within the workbook
    assert result.returncode == 0, result.stdout + result.stderr
    before, after = entries_by_key(ROOT / "data"), entries_by_key(first)
    assert {k for k, _ in before} == set(KINDS)           # the bundled data has every kind
    assert after.keys() == before.keys()
    assert [k for k in before if after[k] != before[k]] == []
    # and again: export the imported data, import it, the YAML files are the same text
    again = tmp_path / "again"
    assert run("export", "--out", again, data=first).returncode == 0
    second = tmp_path / "second" / "data"
    assert run("import", again / "台账.xlsx", "--out", second, data=empty).returncode == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(f"{k.plural}.yaml" for k in KINDS.values())
    for name in names:
        assert (second / name).read_text(encoding="utf-8") == (first / name).read_text(encoding="utf-8"), name


def test_exported_ids_already_in_data_are_refused(exported, tmp_path):
    result = run("import", exported, "--out", tmp_path / "o")
    assert result.returncode == 1 and not (tmp_path / "o").exists()
    assert "工作表「单位」第 2 行「编号」列：" in result.stdout and "已被 data/ 中的单位使用" in result.stdout
    # one error per refused row and nothing else: refused rows name nothing, so names keep meaning data/'s entries
    errors = [line for line in result.stdout.splitlines() if ": 错误: " in line]
    assert errors and all("已被 data/ 中的" in line for line in errors), errors[:5]


def test_template_has_a_sheet_per_kind_with_dropdowns_and_instructions(tmp_path):
    out = tmp_path / "台账模板.xlsx"
    result = run("template", "--out", out)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["说明", *(k.label for k in KINDS.values()), "取值"]
    assert wb["取值"].sheet_state == "hidden"
    kb, _ = build_knowledge_base(ROOT / "data", profile="internal", derive=False)
    for kind in KINDS.values():
        ws = wb[kind.label]
        assert [c.value for c in ws[1]] == [c.header for c in COLUMNS[kind.name]]
        assert ws.max_row == 1  # a template holds no entries
        for c, column in zip(ws[1], COLUMNS[kind.name]):
            assert (c.font.color is not None and c.font.color.rgb == "00C00000") == column.required, column.header
    ws = wb["工作措施"]
    headers = [c.value for c in ws[1]]
    lists = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[headers[rng.min_col - 1]] = (dv.formula1, dv.showErrorMessage, rng.max_row)
    assert lists["主题"][0] == "list_theme" and lists["牵头单位"][0] == "list_unit"
    assert lists["责任单位"][0] == "list_unit" and lists["政策依据"][0] == "list_policy"
    assert lists["相关条目"][0] == "list_entry" and lists["可见范围"] == ("list_measure_visibility", True, 301)
    assert lists["主题"][1] is False  # several themes may share a cell: the list helps, it does not forbid
    assert wb["单位"]["A1"].value == "编号"
    unit_sheet = {[c.value for c in wb["单位"][1]][r.min_col - 1]: dv.formula1
                  for dv in wb["单位"].data_validations.dataValidation for r in dv.sqref.ranges}
    assert unit_sheet["层级"] == "list_unit_level" and unit_sheet["上级单位"] == "list_unit"
    # the named ranges hold every unit and theme name, on the hidden sheet
    values = wb["取值"]
    def named(name):
        dest = list(wb.defined_names[name].destinations)
        (sheet, ref), = dest
        assert sheet == "取值"
        return [c.value for row in values[ref.replace("$", "")] for c in row]
    assert len(named("list_unit")) == len(kb.of_kind("unit"))
    assert "村务监督" in named("list_theme")
    assert named("list_measure_visibility") == ["public", "internal", "公开", "内部"]
    text = "\n".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    assert "顿号" in text and "必填" in text and "｜" in text and "python3 scripts/sheets.py import" in text
    for kind in KINDS.values():
        assert kind.label in text


def test_template_is_byte_reproducible(tmp_path):
    assert run("template", "--out", tmp_path / "a.xlsx").returncode == 0
    assert run("template", "--out", tmp_path / "b.xlsx").returncode == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, table in sheets.items():
        ws = wb.create_sheet(name)
        for row in table:
            ws.append(row)
    wb.save(path)
    return path


def test_filled_template_imports_new_units_policies_and_the_measures_that_name_them(kb_dir, tmp_path):
    template = tmp_path / "t.xlsx"
    assert run("template", "--out", template, data=kb_dir / "data").returncode == 0
    wb = load_workbook(template)
    wb["单位"].append(["", "县档案馆", "负责村级档案的指导。", "县级"])
    wb["政策文件"].append(["", "关于加强村级档案管理的通知", "", "某档〔2021〕3号"])
    measure = {c.value: i for i, c in enumerate(wb["工作措施"][1])}
    row = [""] * len(measure)
    row[measure["任务/措施"]] = "规范村级档案"
    row[measure["主题"]] = "村务监督"
    row[measure["概述"]] = "村级事务资料按年立卷归档。"
    row[measure["牵头单位"]] = "县档案馆"
    row[measure["政策依据"]] = "某档〔2021〕3号"
    row[measure["完成时限"]] = "2021-12"
    row[measure["来源"]] = "第一份文件｜001 建宁县"
    wb["工作措施"].append(row)
    wb.save(template)
    out = kb_dir / "data" / "导入"
    result = run("import", template, "--out", out, data=kb_dir / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "单位 1 条" in result.stdout and "工作措施 1 条" in result.stdout
    units = yaml.safe_load((out / "units.yaml").read_text(encoding="utf-8"))["units"]
    measures = yaml.safe_load((out / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    policies = yaml.safe_load((out / "policies.yaml").read_text(encoding="utf-8"))["policies"]
    assert measures[0]["lead"] == [units[0]["id"]] and measures[0]["basis"] == [policies[0]["id"]]
    assert measures[0]["source"] == [{"doc": "第一份文件", "article": "001 建宁县"}]
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), str(kb_dir / "data"), "--no-strict"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_errors_name_sheet_row_column_and_nothing_is_written(kb_dir, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", {
        "单位": [["编号", "名称", "层级", "上级单位"],
                 ["", "县档案馆", "县", ""],
                 ["Bad_ID", "县方志办", "县级", "没有这个单位"]],
        "培训模块": [["标题", "主题", "培训对象", "学时", "培训目标"],
                     ["档案管理", "村务监督", "村干部", "两个", "会立卷"],
                     ["档案整理", "村务监督", "", "2", "会整理"]],
        "问答": [["问题", "主题", "回答", "可见范围"],
                 ["档案放哪里？", "村务监督", "", "秘密"]],
        "杂项": [["a"], ["b"]],
    })
    out = tmp_path / "out"
    result = run("import", path, "--out", out, data=kb_dir / "data")
    text = result.stdout + result.stderr
    assert result.returncode == 1 and not out.exists(), text
    for fragment in ["工作表「单位」第 2 行「层级」列：取值 `县` 无效",
                     "工作表「单位」第 3 行「编号」列：编号 `Bad_ID` 不合法",
                     "工作表「单位」第 3 行「上级单位」列：找不到单位「没有这个单位」",
                     "工作表「培训模块」第 2 行「学时」列：应为数字",
                     "工作表「培训模块」第 3 行「培训对象」列：必须填写",
                     "工作表「问答」第 2 行「回答」列：必须填写",
                     "工作表「问答」第 2 行「可见范围」列：取值 `秘密` 无效",
                     "不认识的工作表「杂项」"]:
        assert fragment in text, fragment
    assert "怎么改：只能是 `public`、`internal` 之一" in text
    assert "Traceback" not in text
    kept = run("import", path, "--out", out, "--keep-good", data=kb_dir / "data")
    assert kept.returncode == 1 and not out.exists()  # an unknown sheet stops everything, even with --keep-good


def test_keep_good_writes_the_good_rows_of_every_sheet(kb_dir, tmp_path):
    path = workbook(tmp_path / "台账.xlsx", {
        "单位": [["名称", "层级"], ["县档案馆", "县级"], ["县方志办", "县"]],
        "术语": [["术语", "释义"], ["立卷", "把文件整理成案卷。"], ["归档", ""]],
    })
    out = tmp_path / "out"
    result = run("import", path, "--out", out, "--keep-good", data=kb_dir / "data")
    assert result.returncode == 1
    assert "跳过有错误的 2 行（工作表「单位」第 3 行；工作表「术语」第 3 行）" in result.stdout
    units = yaml.safe_load((out / "units.yaml").read_text(encoding="utf-8"))["units"]
    assert [u["name"] for u in units] == ["县档案馆"]
    glossary = yaml.safe_load((out / "glossary.yaml").read_text(encoding="utf-8"))["glossary"]
    assert [g["term"] for g in glossary] == ["立卷"]


def test_single_sheet_or_csv_of_another_kind(kb_dir, tmp_path):
    csv_path = tmp_path / "单位.csv"
    csv_path.write_text("名称,层级,又称\n县档案馆,县级,档案馆、档案局\n", encoding="utf-8-sig")
    out = tmp_path / "units.yaml"
    result = run("import", csv_path, "--out", out, data=kb_dir / "data")  # the kind is guessed from the headers
    assert result.returncode == 0, result.stdout + result.stderr
    (unit,) = yaml.safe_load(out.read_text(encoding="utf-8"))["units"]
    assert unit["aliases"] == ["档案馆", "档案局"] and unit["level"] == "县级"
    two = tmp_path / "two.csv"   # 名称 is the unit's own header; a policy's title is not called that
    two.write_text("名称,层级\n县方志办,县级\n", encoding="utf-8")
    assert run("import", two, "--out", tmp_path / "two.yaml", data=kb_dir / "data").returncode == 0
    assert list(yaml.safe_load((tmp_path / "two.yaml").read_text(encoding="utf-8"))) == ["units"]
    odd = tmp_path / "x.csv"
    odd.write_text("甲,乙\n1,2\n", encoding="utf-8")
    result = run("import", odd, "--out", tmp_path / "x.yaml", data=kb_dir / "data")
    assert result.returncode == 1 and "看不出工作表" in result.stdout and "--kind" in result.stdout


def test_public_export_leaves_internal_entries_out(kb_dir, tmp_path):
    (kb_dir / "data" / "internal.yaml").write_text(
        "units:\n  - id: nei-bu-danwei\n    name: 内部联络组\n    visibility: internal\n", encoding="utf-8")
    assert run("export", "--out", tmp_path / "all.xlsx", "--profile", "internal", data=kb_dir / "data").returncode == 0
    result = run("export", "--out", tmp_path / "pub.xlsx", data=kb_dir / "data")  # public unless asked otherwise
    assert result.returncode == 0, result.stdout + result.stderr
    assert run("export", "--out", tmp_path / "dir", "--profile", "internal", data=kb_dir / "data").returncode == 0
    assert [p.name for p in (tmp_path / "dir").iterdir()] == ["台账-含内部条目.xlsx"]  # never passed on by mistake

    def cells(path):
        wb = load_workbook(path)
        return {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert {"nei-bu-danwei", "内部联络组"} <= cells(tmp_path / "all.xlsx")
    assert not {"nei-bu-danwei", "内部联络组", "unit:nei-bu-danwei"} & cells(tmp_path / "pub.xlsx")


def test_a_csv_in_neither_utf8_nor_gb18030_is_an_error(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_bytes("名称,层级\n".encode() + b"\xff\xfe\x81\x30\xff,\xff\n")
    result = run("import", bad, "--kind", "unit", "--out", tmp_path / "out.yaml")
    assert result.returncode == 1 and not (tmp_path / "out.yaml").exists()
    assert "既不是 UTF-8 也不是 GB18030" in result.stdout and "CSV UTF-8" in result.stdout
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("名称,层级\n县信访局,县级\n".encode("gb18030"))
    result = run("import", gbk, "--kind", "unit", "--out", tmp_path / "gbk.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "县信访局" in (tmp_path / "gbk.yaml").read_text(encoding="utf-8")
