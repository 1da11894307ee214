"""Loading YAML: values keep their lines; unreadable files are reported, not raised."""
from pathlib import Path

from conftest import ROOT, build_knowledge_base, check, write
from policykb.core.load.yamlsrc import read_yaml
from policykb.core.model.problems import Problems

THEMES = """
themes:
  - id: cunwu-jiandu
    name: 村务监督
    summary: 村务监督委员会。
"""


def problems_of(data: Path) -> list[str]:
    _, problems = check(data)
    return [p.format() for p in problems.sorted()]


def test_values_keep_their_lines(tmp_path):
    path = write(tmp_path / "a.yaml", """
        measures:
          - id: a
            title: 标题
            lead: [x, y]
        """)
    doc = read_yaml(path, Problems())
    item = doc["measures"][0]
    assert doc["measures"].line_of(0) == 2
    assert item.line_of("title") == 3
    assert item["lead"].line_of(1) == 4


def test_block_scalar_lines_start_after_the_indicator(tmp_path):
    path = write(tmp_path / "a.yaml", """
        qa:
          - id: a
            answer: |
              第一行
        """)
    item = read_yaml(path, Problems())["qa"][0]
    assert item.line_of("answer") == 4 and item.block["answer"]


def test_all_files_are_loaded_in_a_stable_order(tmp_path):
    write(tmp_path / "data" / "themes.yaml", THEMES)
    write(tmp_path / "data" / "b" / "q.yml", """
        qa:
          - id: q1
            question: 问？
            answer: 答。
            themes: [cunwu-jiandu]
        """)
    kb, problems = check(tmp_path / "data")
    assert not problems.items
    assert kb.get("qa", "q1").path == "data/b/q.yml"


def test_syntax_error_reports_file_and_line(tmp_path):
    write(tmp_path / "data" / "bad.yaml", """
        qa:
          - id: q1
            question: "没有闭合的引号
            answer: 答。
        """)
    messages = problems_of(tmp_path / "data")
    assert len(messages) == 1
    assert messages[0].startswith("data/bad.yaml:")
    assert "YAML 语法错误" in messages[0]


def test_fullwidth_colon_is_explained(tmp_path):
    write(tmp_path / "data" / "bad.yaml", """
        themes:
          - id: a
            name：村务监督
        """)
    messages = problems_of(tmp_path / "data")
    assert any("全角冒号" in m and "data/bad.yaml:3" in m for m in messages), messages


def test_tab_indentation_is_reported_per_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.yaml").write_text("themes:\n\t- id: a\n\t  name: x\n", encoding="utf-8")
    messages = problems_of(tmp_path / "data")
    assert [m.split(": ")[0] for m in messages] == ["data/t.yaml:2", "data/t.yaml:3"]
    assert all("制表符" in m for m in messages)


def test_gbk_file_is_reported_not_raised(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "g.yaml").write_bytes("themes:\n  - id: a\n    name: 村务\n".encode("gbk"))
    messages = problems_of(tmp_path / "data")
    assert len(messages) == 1 and "UTF-8" in messages[0] and messages[0].startswith("data/g.yaml:3")


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "b.yaml").write_bytes(b"\xef\xbb\xbf" + THEMES.encode())
    kb, problems = check(tmp_path / "data")
    assert not problems.errors and kb.get("theme", "cunwu-jiandu")


def test_empty_file_is_a_warning(tmp_path):
    write(tmp_path / "data" / "themes.yaml", THEMES)
    (tmp_path / "data" / "empty.yaml").write_text("", encoding="utf-8")
    _, problems = check(tmp_path / "data")
    assert not problems.errors
    assert [p.path for p in problems.warnings] == ["data/empty.yaml"]


def test_duplicate_key_in_one_entry(tmp_path):
    write(tmp_path / "data" / "d.yaml", """
        themes:
          - id: a
            name: 一
            name: 二
            summary: 概述。
        """)
    messages = problems_of(tmp_path / "data")
    assert any(m.startswith("data/d.yaml:4") and "重复" in m for m in messages), messages


def test_top_level_must_name_a_kind(tmp_path):
    write(tmp_path / "data" / "k.yaml", """
        measure:
          - id: a
        """)
    messages = problems_of(tmp_path / "data")
    assert messages and "data/k.yaml:1" in messages[0] and "未知的条目类型 `measure`" in messages[0]
    assert "measures" in messages[0]


def test_parallel_parsing_gives_the_same_entries_and_problems(tmp_path, monkeypatch):
    """check.py parses large knowledge bases in worker processes: same result as one process."""
    import shutil

    from policykb.core.load import loader
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "broken.yaml").write_text("measures:\n  - id: x\n    title: [\n", encoding="utf-8")
    (data / "bad.yaml").write_text("qa:\n  - id: Bad/Id\n    question: 问\n", encoding="utf-8")
    serial_kb, serial = build_knowledge_base(data)
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)
    parallel_kb, parallel = build_knowledge_base(data, parallel=True)
    assert parallel.sorted() == serial.sorted() and serial.errors
    assert list(parallel_kb.entries) == list(serial_kb.entries)
    for key, entry in serial_kb.entries.items():
        assert parallel_kb.entries[key].data == entry.data
        assert parallel_kb.entries[key].kind is entry.kind


def test_parse_cache_reuses_unchanged_files_and_sees_edits(kb_dir, monkeypatch):
    """`mkdocs serve` keeps parsed YAML between rebuilds: the result must equal a fresh load."""
    import policykb.core.load.loader as loader

    data = kb_dir / "data"
    write(data / "broken.yaml", """
        qa:
          - id: q1
            question: "没有闭合的引号
        """)
    cache: dict = {}
    parsed = []
    real = loader.read_yaml
    monkeypatch.setattr(loader, "read_yaml", lambda path, sink: parsed.append(path.name) or real(path, sink))

    def both():
        cached = build_knowledge_base(data, parse_cache=cache)
        fresh = build_knowledge_base(data)
        for (kb, problems), (kb2, problems2) in [(cached, fresh)]:
            assert {k: e.data for k, e in kb.entries.items()} == {k: e.data for k, e in kb2.entries.items()}
            assert [p.format() for p in problems.sorted()] == [p.format() for p in problems2.sorted()]
        return cached

    kb, problems = both()
    assert any("YAML 语法错误" in p.message for p in problems.items)  # a cached file keeps its problems
    files = len(list(data.rglob("*.yaml")))
    parsed.clear()
    both()
    assert len(parsed) == files  # the fresh load only: every file came from the cache
    target = data / "cunwu.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace(
        "title: 确定村务监督委员会的组成", "title: 确定监委会组成"), encoding="utf-8")
    parsed.clear()
    kb, _ = both()
    assert parsed.count("cunwu.yaml") == 2 and len(parsed) == files + 1
    assert kb.entries[("measure", "cw-zucheng")].title == "确定监委会组成"
    (data / "broken.yaml").unlink()
    kb, problems = both()
    assert not any("YAML 语法错误" in p.message for p in problems.items)
    assert len(cache) == files - 1
