"""The bad-input corpus: every case fails with path, line and a clear message,
never with a traceback, and no site is produced."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, check, run_mkdocs

CORPUS = Path(__file__).parent / "bad_inputs"
EXPECT = re.compile(r"^# expect: (\d+) \| (.+)$")


def corpus_cases():
    for path in sorted(CORPUS.glob("*.yaml")):
        line, fragment = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0]).groups()
        yield pytest.param(path.read_bytes(), int(line), fragment, id=path.stem)


def generated_cases():
    yield pytest.param(b"units:\n  - id: u1\n\tname: x\n", 3, "制表符", id="g-tab-indent")
    yield pytest.param("units:\n  - id: u1\n    name: 县审计局\n".encode("gbk"), 3, "不是 UTF-8", id="g-gbk")
    yield pytest.param(b"units:\n  - id: u1\n    name: \xff\xfe\n", 3, "不是 UTF-8", id="g-invalid-utf8")
    yield pytest.param(b"qa:\n  - id: q1\n    question: " + b"x" * 50 * 1024 * 1024 + b"\n", 0, "文件过大",
                       id="g-50mb-file")
    yield pytest.param(b"units:\n  - id: u1\n    name: \"\\q\"\n", 3, "YAML 语法错误", id="g-bad-escape")
    yield from hostile_cases()


def nested_themes(n: int) -> bytes:
    lines = ["themes:"]
    for i in range(n):
        lines += [f"  - id: t{i}", f"    name: 主题{i}", f"    summary: 第 {i} 层。"]
        if i:
            lines.append(f"    parent: t{i - 1}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def hostile_cases():
    """Broken and hostile files that cannot be written as a corpus file (or are large)."""
    unit = "units:\n  - id: u1\n    name: 县审计局\n"
    yield pytest.param(unit.encode("utf-16-le"), 1, "UTF-16", id="g-utf16-no-bom")
    yield pytest.param(unit.encode("utf-16-be"), 1, "UTF-16", id="g-utf16be-no-bom")
    yield pytest.param(unit.encode("utf-16"), 1, "UTF-16", id="g-utf16-bom")
    yield pytest.param(b"units:\n  - id: u1\n    name: ab\x00cd\n", 3, "NUL", id="g-nul-byte")
    yield pytest.param(b"units:\n  - id: u1\n    name: a\x1b[31mb\n", 3, "U+001B", id="g-raw-escape-char")
    yield pytest.param("units:\n  - id: u1\n    name: 县\u202e局\n".encode(), 3, "U+202E", id="g-raw-rlo")
    yield pytest.param(b"units:\n  - id: u1\n    name: a\x7fb\n", 3, "U+007F", id="g-raw-del")
    yield pytest.param(b"units:\n  - id: u1\n    name: \"a\\0b\"\n", 3, "U+0000", id="g-escaped-nul")
    yield pytest.param(b"units:\n  - id: u1\n    name: \"a\\u2066b\"\n", 3, "U+2066", id="g-escaped-lri")
    deep = "units:\n  - id: u1\n    name: x\n    aliases: " + "[" * 1000 + "]" * 1000 + "\n"
    yield pytest.param(deep.encode(), 4, "嵌套太深", id="g-1000-levels-flow")
    block = "units:\n" + "".join("  " * i + "- \n" for i in range(1, 1000))
    yield pytest.param(block.encode(), 33, "嵌套太深", id="g-1000-levels-block")
    deep_map = "units:\n  - id: u1\n    name: x\n    place:\n" + "".join("  " * (i + 3) + f"k{i}:\n" for i in range(500))
    yield pytest.param(deep_map.encode(), 34, "嵌套太深", id="g-500-levels-mapping")
    yield pytest.param(nested_themes(1000), 4000, "层级太深", id="g-1000-nested-themes")
    laughs = "a: &a [" + ", ".join(["lol"] * 50) + "]\nb: &b {" + ", ".join(f"k{i}: *a" for i in range(300)) + "}\n"
    yield pytest.param(laughs.encode(), 2, "展开后的值太多", id="g-wide-alias")
    yield pytest.param(b"units:\n  - &u [*u]\n", 2, "包含它自己", id="g-self-alias-list")
    long_line = "units:\n  - id: u1\n    name: 长\n    summary: " + "长" * 200_000 + "\n"
    yield pytest.param(long_line.encode(), 4, "太长", id="g-200k-char-line")


def break_fixture(tmp_path: Path, content: bytes) -> Path:
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    (project / "data" / "bad.yaml").write_bytes(content)
    return project


def test_corpus_has_at_least_30_cases():
    assert len(list(corpus_cases())) + len(list(generated_cases())) >= 30


@pytest.mark.parametrize("content, line, fragment", [*corpus_cases(), *generated_cases()])
def test_bad_input_is_reported_with_path_and_line(tmp_path, content, line, fragment):
    project = break_fixture(tmp_path, content)
    _, problems = check(project / "data")
    reported = [p for p in problems.items if p.path == "data/bad.yaml"]
    assert any(p.line == line and fragment in p.message + p.hint for p in reported), \
        [p.format() for p in problems.items]
    assert all(p.hint for p in reported)  # every problem says how to fix it


@pytest.mark.parametrize("content, line, fragment", [*corpus_cases(), *generated_cases()])
def test_bad_input_stops_the_build(tmp_path, content, line, fragment):
    project = break_fixture(tmp_path, content)
    result = run_mkdocs(project, "--strict")
    where = f"data/bad.yaml:{line}" if line else "data/bad.yaml"
    assert result.returncode != 0
    assert where in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert not (project / "site").exists()
