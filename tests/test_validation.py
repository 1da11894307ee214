"""Validation: one test per error class, each asserting path, line and message.

Every test starts from a valid knowledge base and breaks one thing.
"""
from __future__ import annotations

from conftest import check, run_check, write

BASE = """
themes:
  - id: cunwu-jiandu
    name: 村务监督
    summary: 村务监督委员会。
  - id: zizhi
    name: 自治
    summary: 村民自治。
units:
  - id: xian-minzhengju
    name: 县民政局
policies:
  - id: zuzhifa
    title: 中华人民共和国村民委员会组织法
"""


def problems_for(tmp_path, text: str, base: str = BASE):
    write(tmp_path / "data" / "base.yaml", base)
    write(tmp_path / "data" / "x.yaml", text)
    _, problems = check(tmp_path / "data")
    return problems


def only_error(problems):
    errors = problems.errors
    assert len(errors) == 1, [p.format() for p in errors]
    return errors[0]


def test_valid_base_has_no_problems(tmp_path):
    assert not problems_for(tmp_path, "qa: []\n").items


def test_unknown_field(tmp_path):
    p = only_error(problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            answer: 答。
            themes: [zizhi]
            anwser: 拼错的字段
        """))
    assert (p.path, p.line) == ("data/x.yaml", 6)
    assert "没有字段 `anwser`" in p.message and "answer" in p.hint


def test_missing_required_field(tmp_path):
    p = only_error(problems_for(tmp_path, """
        measures:
          - id: m
            title: 措施
            themes: [zizhi]
        """))
    assert (p.path, p.line) == ("data/x.yaml", 2)
    assert "缺少必填字段 `summary`" in p.message


def test_missing_id_gets_a_pinyin_slug_and_collisions_are_numbered(tmp_path):
    problems = problems_for(tmp_path, """
        units:
          - name: 县司法局
          - name: 县司法局
          - id: xian-sifaju-3
            name: 另一个
        qa:
          - question: 村务监督委员会由几个人组成？
            answer: 3–5 人。
            themes: [cunwu-jiandu]
        """)
    assert not problems.items
    kb, _ = check(tmp_path / "data")
    units = sorted((e.line, e.id) for e in kb.of_kind("unit") if e.path == "data/x.yaml")
    assert units == [(2, "xian-sifaju"), (3, "xian-sifaju-2"), (4, "xian-sifaju-3")]
    assert [e.id for e in kb.of_kind("qa")] == ["cunwu-jiandu-weiyuanhui-you-jige-ren-zucheng"]


def test_bad_id(tmp_path):
    p = only_error(problems_for(tmp_path, """
        units:
          - id: ../etc/passwd
            name: 坏
        """))
    assert p.line == 2 and "不合法" in p.message and "/" in p.hint


def test_wrong_type(tmp_path):
    p = only_error(problems_for(tmp_path, """
        modules:
          - id: mo
            title: 模块
            themes: [zizhi]
            audience: [村干部]
            hours: 两个学时
            objectives: [了解]
        """))
    assert p.line == 6 and "`hours`" in p.message and "应为数字" in p.message


def test_wrong_type_in_nested_record(tmp_path):
    p = only_error(problems_for(tmp_path, """
        measures:
          - id: m
            title: 措施
            themes: [zizhi]
            summary: 概述。
            targets:
              - what: 覆盖率
                by: 明年
        """))
    assert p.line == 8 and "`targets.by`" in p.message and "无法识别" in p.message


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path / "data" / "y.yaml", """
        units:
          - id: xian-minzhengju
            name: 民政局（重复）
        """)
    errors = sorted(problems_for(tmp_path, "qa: []\n").errors)
    assert [(p.path, p.line) for p in errors] == [("data/base.yaml", 9), ("data/y.yaml", 2)]
    assert "又在 data/y.yaml:2" in errors[0].message and "已在 data/base.yaml:9" in errors[1].message


def test_same_id_in_different_kinds_is_fine(tmp_path):
    assert not problems_for(tmp_path, """
        units:
          - id: zizhi
            name: 自治组织
        """).errors


def test_unknown_theme(tmp_path):
    p = only_error(problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            answer: 答。
            themes:
              - zizhi
              - zizi
        """))
    assert p.line == 7 and "主题 `zizi` 不存在" in p.message and "zizhi" in p.hint


def test_dangling_reference_each_kind(tmp_path):
    problems = problems_for(tmp_path, """
        measures:
          - id: m
            title: 措施
            themes: [zizhi]
            summary: 概述。
            lead: [xian-minzhengj]
            basis: [zuzhi]
            related: [case:nope, qa:nope, module:nope, measure:nope, theme:nope]
        """)
    by_line = {(p.line, p.message) for p in problems.errors}
    assert (6, "引用的单位 `xian-minzhengj` 不存在。") in by_line
    assert (7, "引用的政策文件 `zuzhi` 不存在。") in by_line
    kinds = {m.split("`")[0] for line, m in by_line if line == 8}
    assert kinds == {"引用的典型案例 ", "引用的问答 ", "引用的培训模块 ", "引用的工作措施 ", "引用的主题 "}


def test_dangling_cross_reference_in_markdown_points_at_its_line(tmp_path):
    p = only_error(problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            themes: [zizhi]
            answer: |
              第一段。

              参见 [[measure:missing]]。
        """))
    assert (p.path, p.line) == ("data/x.yaml", 8)
    assert "工作措施 `missing` 不存在" in p.message


def test_cross_reference_to_unknown_kind(tmp_path):
    p = only_error(problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            themes: [zizhi]
            answer: 见 [[article:abc]]。
        """))
    assert p.line == 5 and "类型 `article` 不存在" in p.message


def test_cross_reference_in_code_is_ignored(tmp_path):
    assert not problems_for(tmp_path, """
        qa:
          - id: q
            question: 引用怎么写？
            themes: [zizhi]
            answer: 写成 `[[measure:某id]]`。
        """).errors


def test_bad_dates(tmp_path):
    problems = problems_for(tmp_path, """
        policies:
          - id: p1
            title: 文件一
            date: 2019-13
          - id: p2
            title: 文件二
            date: 2019-02-30
          - id: p3
            title: 文件三
            date: 1800
        """)
    assert sorted(p.line for p in problems.errors) == [4, 7, 10]
    assert all("`date`" in p.message for p in problems.errors)


def test_bad_choice(tmp_path):
    p = only_error(problems_for(tmp_path, """
        units:
          - id: u
            name: 单位
            level: 县
        """))
    assert p.line == 4 and "`level`" in p.message and "县级" in p.hint


def test_theme_cycle(tmp_path):
    problems = problems_for(tmp_path, "qa: []\n", base=BASE.replace(
        "    summary: 村民自治。", "    summary: 村民自治。\n    parent: cunwu-jiandu").replace(
        "    summary: 村务监督委员会。", "    summary: 村务监督委员会。\n    parent: zizhi"))
    assert problems.errors and all("循环" in p.message for p in problems.errors)


def test_every_problem_is_reported_in_one_run(tmp_path):
    write(tmp_path / "data" / "broken.yaml", "qa: [\n")
    problems = problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            themes: [nope]
            answer: 见 [[qa:nope]]
        units:
          - id: u
            name: 单位
            level: 县
        """)
    assert {p.path for p in problems.errors} == {"data/broken.yaml", "data/x.yaml"}
    assert len(problems.errors) == 4


def test_internal_entry_referenced_from_public_one(tmp_path):
    problems = problems_for(tmp_path, """
        qa:
          - id: q
            question: 问？
            themes: [zizhi]
            answer: 见 [[qa:secret]]。
          - id: secret
            question: 内部问？
            themes: [zizhi]
            answer: 内部答。
            visibility: internal
        """)
    p = only_error(problems)
    assert p.line == 5 and "内部条目" in p.message
    write(tmp_path / "data" / "x.yaml", (tmp_path / "data" / "x.yaml").read_text())
    kb, internal = check(tmp_path / "data", profile="internal")
    assert not internal.errors and kb.get("qa", "secret")


def test_check_command_exit_code_and_output(tmp_path):
    write(tmp_path / "data" / "base.yaml", BASE)
    ok = run_check(tmp_path / "data")
    assert ok.returncode == 0 and "检查通过" in ok.stdout
    write(tmp_path / "data" / "x.yaml", """
        qa:
          - id: q
            question: 问？
            themes: [zizhi]
            answer: 答。
            basis: [missing-policy]
        """)
    bad = run_check(tmp_path / "data")
    assert bad.returncode == 1
    assert "x.yaml:6: 错误: 引用的政策文件 `missing-policy` 不存在。" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_placeholders_junk_and_contacts_are_flagged(tmp_path):
    problems = problems_for(tmp_path, """
        qa:
          - id: q
            question: __县怎么做？
            themes: [zizhi]
            answer: |
              第一行。
              20xx年完成，详见 www.example.com，联系 13912345678。
        """)
    assert not problems.errors
    found = sorted((p.line, p.message.split("含有")[1].split("：")[0]) for p in problems.warnings)
    assert found == [(3, "占位符“__”"), (7, "年份或日期占位符（20xx、xx年）"), (7, "电话号码"),
                     (7, "网址或网站信息")]
    result = run_check(tmp_path / "data")
    assert result.returncode == 1 and "x.yaml:7: 警告" in result.stdout
