"""The bad-input corpus: every case fails with path, line and a clear message,
never with a traceback, and no site is produced."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT, check, run_check, run_mkdocs
from policykb.core.load.slugs import RESERVED_IDS

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
    # the generator's raw-HTML token and Markdown's stash placeholder cannot be written in data
    yield pytest.param(b"units:\n  - id: u1\n    name: \"\\x0ekbraw:<b>x</b>\\x0f\"\n", 3, "U+000E",
                       id="g-forged-raw-token")
    yield pytest.param(b"units:\n  - id: u1\n    name: \"\\x02wzxhzdk:0\\x03\"\n", 3, "U+0002", id="g-forged-stash")
    deep = "units:\n  - id: u1\n    name: x\n    aliases: " + "[" * 1000 + "]" * 1000 + "\n"
    yield pytest.param(deep.encode(), 4, "嵌套太深", id="g-1000-levels-flow")
    block = "units:\n" + "".join("  " * i + "- \n" for i in range(1, 1000))
    yield pytest.param(block.encode(), 33, "嵌套太深", id="g-1000-levels-block")
    deep_map = ("units:\n  - id: u1\n    name: x\n    place:\n"
                + "".join("  " * (i + 3) + f"k{i}:\n" for i in range(500)))
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


# one full build per class would take minutes: a few single-file builds, then every case at once
# (each in its own file: the build reports all problems of all files in one run)
BUILD_SAMPLE = {"01-syntax-unclosed-quote", "47-billion-laughs", "g-1000-nested-themes", "g-utf16-no-bom",
                "46-lone-surrogate"}


@pytest.mark.parametrize("content, line, fragment",
                         [c for c in [*corpus_cases(), *generated_cases()] if c.id in BUILD_SAMPLE])
def test_bad_input_stops_the_build(tmp_path, content, line, fragment):
    project = break_fixture(tmp_path, content)
    result = run_mkdocs(project, "--strict")
    where = f"data/bad.yaml:{line}" if line else "data/bad.yaml"
    assert result.returncode != 0
    assert where in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert not (project / "site").exists()


FIXTURE_IDS = {m.group(1) for path in (FIXTURE / "data").glob("*.yaml")
               for m in re.finditer(r"\bid: ([\w-]+)", path.read_text(encoding="utf-8"))}


def own_ids(content: bytes, n: int) -> bytes:
    """The case with the ids it defines made unique (cases reuse `u1`, `m1` …), fixture ids kept."""
    if len(content) > 1_000_000:
        return content
    ids = (set(re.findall(rb"\bid: (?:&\w+ )?([a-z0-9][\w-]*)", content))
           - {i.encode() for i in FIXTURE_IDS | RESERVED_IDS})
    for id_ in sorted(ids, key=len, reverse=True):
        content = re.sub(rb"(?<![\w-])" + re.escape(id_) + rb"(?![\w-])", id_ + b"-c%d" % n, content)
    return content


@pytest.fixture(scope="module")
def all_bad(tmp_path_factory) -> tuple[Path, list[tuple[str, str]]]:
    """The fixture project with every bad case in a file of its own."""
    project = tmp_path_factory.mktemp("allbad") / "kb"
    shutil.copytree(FIXTURE, project)
    expected = []
    for n, case in enumerate([*corpus_cases(), *generated_cases()]):
        content, line, fragment = case.values
        content = own_ids(content, n)
        name = f"data/bad-{case.id}.yaml"
        (project / name).write_bytes(content)
        expected.append((case.id, f"{name}:{line}" if line else name))
    return project, expected


def test_every_bad_input_stops_one_build(all_bad):
    project, expected = all_bad
    result = run_mkdocs(project, "--strict")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    missing = [case for case, where in expected if where not in result.stderr]
    assert missing == []
    assert not (project / "site").exists()


def test_every_bad_input_fails_check_py(all_bad):
    project, expected = all_bad
    result = run_check(project / "data")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    missing = [case for case, where in expected if where not in result.stdout]
    assert missing == []


# ---------------------------------------------------------------- the data folder itself

def test_symlinks_out_of_data_dangling_and_looping_are_errors(tmp_path):
    project = break_fixture(tmp_path, b"units:\n  - id: u-ok\n    name: \xe6\xad\xa3\xe5\xb8\xb8\n")
    data = project / "data"
    outside = tmp_path / "secret.yaml"
    outside.write_text("units:\n  - id: mimi-danwei\n    name: 秘密单位\n", encoding="utf-8")
    (data / "leak.yaml").symlink_to(outside)
    (data / "dangling.yaml").symlink_to(data / "nowhere.yaml")
    (data / "loop-a.yaml").symlink_to(data / "loop-b.yaml")
    (data / "loop-b.yaml").symlink_to(data / "loop-a.yaml")
    (data / "sub").mkdir()
    (data / "sub" / "up").symlink_to(data)
    (data / "inside.yml").symlink_to(data / "bad.yaml")  # inside data/: read like the file itself
    kb, problems = check(data)
    errors = {p.path: p.message for p in problems.errors}
    assert "数据目录以外" in errors["data/leak.yaml"]
    assert "不存在" in errors["data/dangling.yaml"]
    assert "循环" in errors["data/loop-a.yaml"] and "循环" in errors["data/loop-b.yaml"]
    assert "循环" in errors["data/sub/up"]
    assert kb.get("unit", "mimi-danwei") is None
    assert all(p.hint for p in problems.errors)
    result = run_mkdocs(project)
    assert result.returncode != 0 and "data/leak.yaml" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "site").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_unreadable_file_and_folder_are_errors(tmp_path):
    project = break_fixture(tmp_path, b"units:\n  - id: u-ok\n    name: ok\n")
    data = project / "data"
    (data / "locked").mkdir()
    (data / "locked" / "x.yaml").write_text("units: []\n")
    (data / "locked").chmod(0)
    (data / "bad.yaml").chmod(0)
    try:
        _, problems = check(data)
    finally:
        (data / "locked").chmod(0o755)
    paths = {p.path for p in problems.errors}
    assert {"data/locked", "data/bad.yaml"} <= paths


def test_unreadable_file_and_folder_are_errors_even_as_root(tmp_path, monkeypatch):
    """Root reads every file whatever its mode (CI runs as root): the refusals are simulated there."""
    import builtins
    project = break_fixture(tmp_path, b"units:\n  - id: u-ok\n    name: ok\n")
    data = project / "data"
    (data / "locked").mkdir()
    (data / "locked" / "x.yaml").write_text("units: []\n")
    real_scandir, real_open = os.scandir, builtins.open

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("bad.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(builtins, "open", fake_open)
    _, problems = check(data)
    monkeypatch.undo()
    errors = {p.path: p for p in problems.errors}
    assert {"data/locked", "data/bad.yaml"} <= set(errors)
    assert all(errors[k].hint for k in ("data/locked", "data/bad.yaml"))


def test_number_like_text_keeps_how_it_was_written(tmp_path):
    project = break_fixture(tmp_path, b"units:\n  - id: u-017\n    name: '017'\n    summary: 017\n"
                                      b"    aliases: [0x1F, 1_000, 2020-6-3, 1:30]\n")
    kb, problems = check(project / "data")
    assert [p for p in problems.errors if p.path == "data/bad.yaml"] == []
    unit = kb.get("unit", "u-017")
    assert unit.data["summary"] == "017"
    assert unit.data["aliases"] == ["0x1F", "1_000", "2020-6-3", "1:30"]


def test_internal_entries_never_shift_public_slugs(tmp_path):
    """Slugs of public entries are the same whether or not internal entries exist."""
    internal = "units:\n  - name: 县民政局办公室\n    visibility: internal\n"
    public = "units:\n  - name: 县民政局办公室\n    summary: 公开的单位。\n"
    project = break_fixture(tmp_path, public.encode())

    def public_slug(profile):
        kb, _ = check(project / "data", profile=profile)
        return next(e for e in kb.of_kind("unit") if e.path == "data/bad.yaml").id

    alone = public_slug("public")
    (project / "data" / "aaa-internal.yaml").write_text(internal, encoding="utf-8")  # first in file order
    assert public_slug("public") == public_slug("internal") == alone
    assert not alone.endswith("-2")
    kb, _ = check(project / "data", profile="internal")
    assert next(e for e in kb.of_kind("unit") if e.path == "data/aaa-internal.yaml").id == alone + "-2"


def test_same_id_public_and_internal_is_an_error_in_every_profile(tmp_path):
    project = break_fixture(tmp_path, b"units:\n  - id: xian-minzhengju\n    name: x\n    visibility: internal\n")
    for profile in ("public", "internal"):
        _, problems = check(project / "data", profile=profile)
        assert any(p.path == "data/bad.yaml" and p.line == 2 and "内部条目不能和公开条目同名" in p.message
                   for p in problems.errors), profile


# ---------------------------------------------------------------- publishing never half-publishes

def _publish(project: Path, live: Path, **popen):
    return subprocess.Popen([sys.executable, str(ROOT / "scripts" / "publish.py"), "--live", str(live),
                             "--project", str(project)], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                            **popen)


def test_publish_with_hostile_input_or_interrupted_leaves_live_site_and_no_staging(tmp_path):
    project = break_fixture(tmp_path, b"units:\n  - id: u-ok\n    name: ok\n")
    (project / "data" / "bad.yaml").unlink()
    live = tmp_path / "www" / "kb"
    first = _publish(project, live)
    assert first.wait(timeout=600) == 0, first.stderr.read()
    release = live.resolve()
    releases = live.with_name("kb.releases")
    stale = releases / ".staging-20000101-000000-000000"  # left by a run that died with kill -9
    (stale / "measure").mkdir(parents=True)

    # an interrupted run (SIGTERM while building) cleans up after itself
    running = _publish(project, live)
    deadline = time.time() + 120
    while not any(p.name != stale.name for p in releases.glob(".staging-*")) and time.time() < deadline:
        time.sleep(0.05)
    running.send_signal(signal.SIGTERM)
    assert running.wait(timeout=120) != 0
    assert "中断" in running.stderr.read()
    assert live.resolve() == release
    assert list(releases.glob(".staging-*")) == []  # its own, and the stale one removed before it started

    # hostile data: the build fails with a Chinese message, nothing changes
    (project / "data" / "bad.yaml").write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"b{i}: &b{i} [" + ", ".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 10) + "]\n"
                  for i in range(8)), encoding="utf-8")
    broken = _publish(project, live)
    assert broken.wait(timeout=600) == 1
    err = broken.stderr.read()
    assert "data/bad.yaml:" in err and "展开后的值太多" in err and "Traceback" not in err
    assert live.resolve() == release and (live / "index.html").is_file()
    assert list(releases.glob(".staging-*")) == []


def test_schema_doc_states_the_limits_the_reader_enforces():
    from policykb.core.link import linker
    from policykb.core.load import yamlsrc
    from policykb.core.model import fields
    doc = (ROOT / "docs" / "authoring" / "schema.md").read_text(encoding="utf-8")
    limits = doc[doc.index("## 限制与安全"):]
    for figure in (f"{yamlsrc.MAX_FILE_BYTES // 1024 // 1024} MB", f"{yamlsrc.MAX_DEPTH} 层",
                   f"{yamlsrc.MAX_ALIAS_NODES} 个", f"{yamlsrc.MAX_SCALAR} 个字符", f"{yamlsrc.MAX_KEY} 个字符",
                   f"{fields.MAX_NUMBER}", f"{linker.MAX_NESTING} 层"):
        assert figure in limits, figure
    for name in RESERVED_IDS:
        assert f"`{name}`" in limits, name
