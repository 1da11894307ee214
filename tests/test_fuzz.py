"""Fuzzing the core with mutated real data files (hypothesis, bounded to a few seconds).

Whatever the bytes, the pipeline reports problems, each with the file it is
in, and never raises; data it accepts renders to pages and spreadsheets
without error; a real build either succeeds or writes nothing.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, check, run_mkdocs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policykb.core.exchange.export import write_exports
from policykb.core.render import render_site

SOURCES = sorted((FIXTURE / "data").glob("*.yaml")) + [ROOT / "data" / "themes.yaml",
                                                      ROOT / "data" / "sanzhi" / "sanzhi-policies-units.yaml"]
HOSTILE = [
    "```inline``` code\n<img src=x onerror=alert(1)>", "    ```\n<script>alert(1)</script>",
    "\\`x <img src=x onerror=alert(1)>`", "{: style=\"position:fixed\" onclick=\"alert(1)\" }",
    "&a [*a]", "*nowhere", "<<: *base", "!!python/object/apply:os.system [id]", "? [a, b]\n: c",
    "\x00", "\x1b[31m", "\u202e", "\ufeff", "\u200b", '"\\ud800"', '"\\e"', ": : :", "- - - -",
    "[" * 60 + "]" * 60, "017", ".nan", "yes", "2019-02-30", "index", "x" * 3000, "id: \"a\\n\"",
    "[[measure:nowhere]]", "[[theme:cunwu-jiandu|<b>x</b>]]", "\t", "'", '"', "#", "|", ">", "---",
]


@st.composite
def mutated(draw):
    source = draw(st.sampled_from(SOURCES))
    data = bytearray(source.read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["flip", "truncate", "duplicate", "indent", "insert", "delete"]))
        lines = bytes(data).split(b"\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "flip" and data:
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] ^= 1 << draw(st.integers(0, 7))
            continue
        if op == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
            continue
        if op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "indent":
            delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
            lines[at] = b" " * delta + lines[at] if delta > 0 else lines[at][-delta:]
        elif op == "insert":
            shape = draw(st.sampled_from(HOSTILE)).encode("utf-8", "surrogatepass")
            if draw(st.booleans()):
                lines.insert(at, shape)
            else:
                lines[at] = lines[at] + b" " + shape
        elif op == "delete":
            del lines[at]
        data = bytearray(b"\n".join(lines))
    return source, bytes(data)


def _project(tmp: Path, source: Path, content: bytes) -> Path:
    project = tmp / "kb"
    shutil.copytree(FIXTURE, project)
    target = project / "data" / (source.name if source.parent == FIXTURE / "data" else f"real-{source.name}")
    target.write_bytes(content)
    return project


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_data_never_raises_and_every_problem_has_a_file(case):
    source, content = case
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), source, content)
        kb, problems = check(project / "data")
        for problem in problems.items:
            assert problem.path.startswith("data/"), problem.format()
            assert problem.message and problem.hint, problem.format()
        if not problems.errors:  # accepted data must render and export
            for text in render_site(kb).values():
                text.encode("utf-8")
            write_exports(kb, Path(tmp) / "out")


def _body_line(lines: list[bytes]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(b"      ") and b"[[" in line)


@pytest.mark.parametrize("seed", [3, 11, -1])
def test_mutated_data_builds_fully_or_writes_nothing(tmp_path, seed):
    """Two random hostile insertions (they break the file: nothing is written) and one that
    keeps it valid (hostile Markdown in a body: the site is built, without the markup)."""
    import random
    rnd = random.Random(seed)
    source = FIXTURE / "data" / "cunwu.yaml"
    lines = source.read_bytes().split(b"\n")
    if seed < 0:
        at = _body_line(lines)
        lines[at + 1:at + 1] = [b"      " + line.encode() for line in HOSTILE[0].split("\n") + HOSTILE[3].split("\n")]
    else:
        lines.insert(rnd.randrange(len(lines)), rnd.choice(HOSTILE).encode("utf-8", "surrogatepass"))
        lines[rnd.randrange(len(lines))] += b" " + rnd.choice(HOSTILE).encode("utf-8", "surrogatepass")
    project = _project(tmp_path, source, b"\n".join(lines))
    result = run_mkdocs(project, "--strict")
    assert "Traceback" not in result.stdout + result.stderr
    if seed < 0:
        assert result.returncode == 0, result.stderr
        page = (project / "site" / "measure" / "cw-zucheng" / "index.html").read_text(encoding="utf-8")
        assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
        assert 'style="position' not in page and "onclick" not in page.replace("onclick=&quot;", "")
    else:
        assert result.returncode != 0 and "data/cunwu.yaml:" in result.stderr
        assert not (project / "site").exists()
