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
