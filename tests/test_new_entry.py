"""scripts/new.py: a skeleton for every kind, with a fresh id, that the checker reads."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, build_knowledge_base, check
from policykb.core.lang.pinyin import slug
from policykb.core.model.kinds import KINDS

NEW = [sys.executable, str(ROOT / "scripts" / "new.py")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(NEW + list(args), capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("kind", list(KINDS))
def test_skeleton_of_every_kind_names_exactly_the_missing_required_fields(kind, kb_dir):
    theme = "cunwu-jiandu" if "themes" in KINDS[kind].fields else ""
    result = run(kind, "--data", str(kb_dir / "data"), *(["--theme", theme] if theme else []))
    assert result.returncode == 0, result.stderr
    doc = yaml.safe_load(result.stdout)
    (item,) = doc[KINDS[kind].plural]
    if theme:
        assert item["themes"] == [theme]
    (kb_dir / "data" / "new.yaml").write_text(result.stdout, encoding="utf-8")
    _, problems = check(kb_dir / "data")
    mine = [p.message for p in problems.errors if p.path == "data/new.yaml"]
    required = [n for n, f in KINDS[kind].fields.items() if f.required and n != "themes"]
    for name in required:
        assert any(f"缺少必填字段 `{name}`" in m for m in mine), mine
    # the open source record asks for its own required parts, nothing else is wrong
    assert all("缺少" in m for m in mine), mine
    assert len(mine) == len(required) + 2


def test_fresh_id_is_the_pinyin_of_the_title_and_unique(kb_dir):
    kb, _ = build_knowledge_base(kb_dir / "data")
    taken = kb.of_kind("measure")[0]
    result = run("measure", "--title", taken.title, "--theme", "cunwu-jiandu", "--data", str(kb_dir / "data"))
    item = yaml.safe_load(result.stdout)["measures"][0]
    assert item["title"] == taken.title
    base = slug(taken.title)
    assert (item["id"] != taken.id and item["id"].startswith(base)
            and item["id"] not in {e.id for e in kb.of_kind("measure")})
    fresh = yaml.safe_load(run("measure", "--title", "建立村务公开栏", "--data", str(kb_dir / "data")).stdout)
    assert fresh["measures"][0]["id"] == slug("建立村务公开栏")


def test_append_to_a_new_and_an_existing_file(kb_dir, tmp_path):
    target = kb_dir / "data" / "drafts.yaml"
    for title in ("建立村务公开栏", "建立村务公开栏"):
        result = run("measure", "--title", title, "--theme", "cunwu-jiandu", "--append", str(target),
                     "--data", str(kb_dir / "data"))
        assert result.returncode == 0, result.stderr
    items = yaml.safe_load(target.read_text(encoding="utf-8"))["measures"]
    # the second run sees the first (it reads data/, where the file now is): no id twice
    assert [i["title"] for i in items] == ["建立村务公开栏"] * 2 and len({i["id"] for i in items}) == 2
    result = run("unit", "--title", "县档案馆", "--append", str(target), "--data", str(kb_dir / "data"))
    assert result.returncode == 0
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert list(doc) == ["measures", "units"] and doc["units"][0]["name"] == "县档案馆"
    # measures: is no longer the last key: nothing is changed, the skeleton is printed to paste
    before = target.read_text(encoding="utf-8")
    result = run("measure", "--append", str(target), "--data", str(kb_dir / "data"))
    assert result.returncode == 1 and "不在文件末尾" in result.stderr and "- id: " in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_unknown_kind_and_theme_are_reported_in_chinese(kb_dir):
    result = run("measures-x", "--data", str(kb_dir / "data"))
    assert result.returncode == 2 and "没有条目类型" in result.stderr and "Traceback" not in result.stderr
    result = run("measure", "--theme", "cunwu-jiandv", "--data", str(kb_dir / "data"))
    assert result.returncode == 2 and "是不是 `cunwu-jiandu`" in result.stderr
