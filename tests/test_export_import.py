"""Spreadsheets: build-time export, import with row/column errors, export → import round trip."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE, ROOT, build_knowledge_base
from policykb.core.exchange.export import write_exports
from policykb.core.exchange.importer import import_rows, read_table, to_yaml
from policykb.core.model.problems import Problems

IMPORT = [sys.executable, str(ROOT / "scripts" / "import_measures.py")]


def comparable(entry) -> dict:
    """An entry's data with references reduced to kind:id (their line numbers differ)."""
    def plain(value):
        if hasattr(value, "kind") and hasattr(value, "id") and hasattr(value, "line"):
            return f"{value.kind}:{value.id}#{value.anchor}"
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value
    return plain(entry.data)


def without_measures(src: Path, dest: Path) -> Path:
    """A copy of a data directory with every `measures:` list removed."""
    shutil.copytree(src, dest)
    for path in dest.rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and "measures" in doc:
            del doc["measures"]
            path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def round_trip(data_dir: Path, sheet: Path, tmp_path: Path) -> None:
    """Import `sheet` into a copy of data_dir stripped of its measures; the measures must come back equal."""
    kb, problems = build_knowledge_base(data_dir, profile="internal")
    assert not problems.errors
    problems = Problems()
    result = import_rows(read_table(sheet, problems), sheet, kb, problems, existing=set())
    assert problems.items == [], Problems(items=problems.items).report()
    stripped = without_measures(data_dir, tmp_path / f"rt-{sheet.suffix[1:]}")
    (stripped / "imported.yaml").write_text(to_yaml(result.entries, sheet.name), encoding="utf-8")
    again, problems = build_knowledge_base(stripped, profile="internal")
    assert not problems.errors, problems.report()
    before = {e.id: comparable(e) for e in kb.of_kind("measure")}
    after = {e.id: comparable(e) for e in again.of_kind("measure")}
    assert after.keys() == before.keys()
    for key in before:
        assert after[key] == before[key], key


def test_build_exports_measures_and_qa(built_fixture):
    table = list(csv.reader(io.StringIO((built_fixture / "exports/measures.csv").read_text(encoding="utf-8-sig"))))
    kb, _ = build_knowledge_base(FIXTURE / "data")
    assert table[0][:5] == ["编号", "任务/措施", "主题", "概述", "牵头单位"]
    assert sorted(r[0] for r in table[1:]) == sorted(e.id for e in kb.of_kind("measure"))
    qa = list(csv.reader(io.StringIO((built_fixture / "exports/qa.csv").read_text(encoding="utf-8-sig"))))
    assert len(qa) - 1 == len(kb.of_kind("qa"))
    doc = json.loads((built_fixture / "exports/knowledge-base.json").read_text(encoding="utf-8"))
    assert len(doc["kinds"]["measures"]) == len(kb.of_kind("measure"))
    from openpyxl import load_workbook
    ws = load_workbook(built_fixture / "exports/measures.xlsx").worksheets[0]
    assert [c.value for c in ws[1]][:2] == ["编号", "任务/措施"]
    assert ws.max_row == len(table)


def test_exports_are_byte_reproducible(tmp_path):
    kb, _ = build_knowledge_base(FIXTURE / "data")
    write_exports(kb, tmp_path / "a")
    write_exports(kb, tmp_path / "b")
    for name in ("measures.xlsx", "qa.xlsx", "measures.csv", "knowledge-base.json"):
        assert (tmp_path / "a/exports" / name).read_bytes() == (tmp_path / "b/exports" / name).read_bytes(), name


@pytest.mark.parametrize("name", ["measures.xlsx", "measures.csv"])
def test_round_trip_of_the_built_export(built_fixture, tmp_path, name):
    round_trip(FIXTURE / "data", built_fixture / "exports" / name, tmp_path)


def test_round_trip_of_the_bundled_knowledge_base(tmp_path):
    kb, problems = build_knowledge_base(ROOT / "data", profile="internal")
    write_exports(kb, tmp_path / "out")
    round_trip(ROOT / "data", tmp_path / "out/exports/measures.xlsx", tmp_path)


def sheet(tmp_path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    return path


HEADER = ["任务", "主题", "概述", "牵头单位", "责任单位", "完成时限", "目标"]


def test_import_writes_yaml_that_the_checker_accepts(kb_dir, tmp_path):
    path = sheet(tmp_path, [HEADER,
                            ["建立村务公开栏", "村务监督", "每村设公开栏，按季度公开。", "村党支部", "", "2021-06",
                             "公开栏覆盖率｜100｜%｜2021"],
                            ["", "", "", "", "", "", ""]])
    out = kb_dir / "data" / "imported.yaml"
    result = subprocess.run(IMPORT + [str(path), "--out", str(out), "--data", str(kb_dir / "data")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    (m,) = doc["measures"]
    from policykb.core.lang.pinyin import slug
    assert m["id"] == slug("建立村务公开栏") and m["id"].startswith("jianli-cunwu")
    assert m["lead"] == ["cun-dangzhibu"] and m["deadline"] == "2021-06"
    assert m["targets"] == [{"what": "公开栏覆盖率", "value": 100, "unit": "%", "by": "2021"}]
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), str(kb_dir / "data"), "--no-strict"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_import_reports_every_bad_row_with_row_and_column_and_writes_nothing(kb_dir, tmp_path):
    path = sheet(tmp_path, [HEADER,
                            ["好的一行", "村务监督", "内容", "村党支部", "", "2021", ""],
                            ["", "村务监督", "缺标题", "", "", "", ""],
                            ["单位写错", "村务监督", "内容", "村党支", "", "2021-13", ""],
                            ["主题写错", "没有这个主题", "内容", "", "", "", "一｜二｜三｜四｜五｜六"]])
    out = tmp_path / "out.yaml"
    result = subprocess.run(IMPORT + [str(path), "--out", str(out), "--data", str(kb_dir / "data")],
                            capture_output=True, text=True)
    text = result.stdout + result.stderr
    assert result.returncode == 1
    assert not out.exists()
    assert "第 3 行「任务/措施」列：必须填写" in text
    assert "第 4 行「牵头单位」列：找不到单位「村党支」" in text and "村党支部" in text
    assert "第 4 行「完成时限」列" in text
    assert "第 5 行「主题」列：找不到主题「没有这个主题」" in text
    assert "第 5 行「目标」列" in text
    assert "台账.xlsx:4" in text
    assert "Traceback" not in text

    kept = subprocess.run(IMPORT + [str(path), "--out", str(out), "--data", str(kb_dir / "data"), "--keep-good"],
                          capture_output=True, text=True)
    assert kept.returncode == 1
    assert [m["title"] for m in yaml.safe_load(out.read_text(encoding="utf-8"))["measures"]] == ["好的一行"]
    assert "跳过有错误的 3 行（第 3、4、5 行）" in kept.stdout


def test_import_rejects_unknown_headers_and_existing_ids(kb_dir, tmp_path):
    kb, _ = build_knowledge_base(kb_dir / "data")
    existing = kb.of_kind("measure")[0].id
    path = sheet(tmp_path, [["编号", "任务/措施", "主题", "概述", "完成日期x"],
                            [existing, "重复编号", "村务监督", "内容", ""]])
    result = subprocess.run(IMPORT + [str(path), "--out", str(tmp_path / "o.yaml"), "--data", str(kb_dir / "data")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "不认识的列名「完成日期x」" in result.stdout
    assert f"第 2 行「编号」列：`{existing}` 已被" in result.stdout


def test_import_reads_gbk_csv(kb_dir, tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes("任务/措施,主题,概述\n建立议事会,村务监督,每月议事一次。\n".encode("gbk"))
    out = tmp_path / "o.yaml"
    result = subprocess.run(IMPORT + [str(path), "--out", str(out), "--data", str(kb_dir / "data")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["measures"][0]["summary"] == "每月议事一次。"
