"""A broken file is reported once, without a cascade of false "引用的…不存在" errors."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, check, run_check
from policykb.core.link.linker import close_ids


def broken_copy(tmp_path: Path, rel: str, line: int, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return data


def unit_line(rel: str) -> int:
    """The line of the first unit's name in a units file of the bundled data."""
    lines = (ROOT / "data" / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, text in enumerate(lines, 1) if text.strip().startswith("name: "))


def test_syntax_error_in_the_unit_file_is_the_only_error(tmp_path):
    line = unit_line("units.yaml")
    data = broken_copy(tmp_path, "units.yaml", line, "name: ", 'name: "')
    _, problems = check(data, profile="internal")
    assert [(p.path, p.line) for p in problems.errors] == [("data/units.yaml", line)], problems.report()
    assert "YAML 语法错误" in problems.errors[0].message
    assert not [p for p in problems.items if "不存在" in p.message]
    (note,) = [p for p in problems.warnings if "没有检查" in p.message]
    # every reference into units.yaml was counted once (the bundled data has hundreds)
    count = int(note.message.split("有 ")[1].split(" 处")[0])
    assert count > 100 and "data/units.yaml" in note.message


def test_references_to_ids_absent_from_the_broken_file_are_still_checked(tmp_path):
    data = broken_copy(tmp_path, "units.yaml", unit_line("units.yaml"), "name: ", 'name: "')
    measures = data / "cunwu" / "measures-jianning.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("lead: [", "lead: [no-such-unit-anywhere, ", 1), encoding="utf-8")
    _, problems = check(data, profile="internal")
    dangling = [p for p in problems.errors if "不存在" in p.message]
    assert [p.message for p in dangling] == ["引用的单位 `no-such-unit-anywhere` 不存在。"]
    assert dangling[0].path == "data/cunwu/measures-jianning.yaml"


def test_an_entry_that_could_not_be_read_does_not_cascade(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    units = data / "units.yaml"
    text = units.read_text(encoding="utf-8")
    # drop the required name of the first unit: the entry is invalid, references to it are not "dangling"
    first = next(line for line in text.split("\n") if line.strip().startswith("name: "))
    units.write_text(text.replace(first + "\n", "", 1), encoding="utf-8")
    _, problems = check(data, profile="internal")
    assert len(problems.errors) == 1 and "缺少必填字段 `name`" in problems.errors[0].message, problems.report()


def test_check_command_output_with_a_broken_file(tmp_path):
    data = broken_copy(tmp_path, "units.yaml", unit_line("units.yaml"), "name: ", 'name: "')
    result = run_check(data)
    assert result.returncode == 1
    assert result.stdout.count("错误:") == 1 and "没有检查" in result.stdout


def test_suggestions_are_close_ids_of_the_same_kind(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    measures = data / "cunwu" / "measures-jianning.yaml"
    text = measures.read_text(encoding="utf-8")
    # a typo of a unit id, a far-off unit id, and a measure id where a unit belongs
    kb, _ = check(ROOT / "data", profile="internal")
    unit = sorted(e.id for e in kb.of_kind("unit") if len(e.id) > 10)[0]
    measure = sorted(e.id for e in kb.of_kind("measure"))[0]
    typo = unit[:-1] + ("x" if unit[-1] != "x" else "y")
    measures.write_text(text.replace("lead: [", f"lead: [{typo}, zzzz-qqqq, {measure}, ", 1), encoding="utf-8")
    _, problems = check(data, profile="internal")
    hints = {p.message: p.hint for p in problems.errors}
    assert hints[f"引用的单位 `{typo}` 不存在。"].startswith(f"是不是 `{unit}`")
    assert "是不是" not in hints["引用的单位 `zzzz-qqqq` 不存在。"]
    assert hints[f"引用的单位 `{measure}` 不存在。"] == f"`{measure}` 是工作措施，这里要写单位的 id。"


def test_close_ids():
    ids = ["xian-minzhengju", "xian-sifaju", "xiangzhen-weishengyuan", "sq-shequ-dang-zuzhi"]
    assert close_ids("xian-minzhengjv", ids) == ["xian-minzhengju"]
    assert close_ids("xiangzhen-zhengfu", ids) == []
    assert close_ids("cun-dang-zuzhi", ids) == []
