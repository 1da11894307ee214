"""Line-aware YAML reading: every mapping and list remembers where it stood.

PyYAML's parser gives a stream of events with marks; we build plain Python
values from them ourselves, without recursion, so that each key and list item
keeps its line number, duplicate keys (which PyYAML silently overwrites) are
reported, and the limits below hold while the file is read, not after:

* file size (MAX_FILE_BYTES), checked before reading;
* nesting depth (MAX_DEPTH) of mappings and lists;
* alias expansion (MAX_ALIAS_NODES): an alias counts as many values as the
  anchored value holds, so a few hundred bytes cannot stand for billions of
  values ("billion laughs"); an alias inside its own anchor is refused;
* length of one value (MAX_SCALAR characters);
* characters: control characters, bidirectional overrides, NUL bytes and
  lone surrogates (also written as escapes such as "\\e" or "\\ud800").
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..model.problems import Problems
from .yamlevents import _build
from .yamlvalues import (
    _BAD_CHAR,
    _NON_PRINTABLE,
    FULLWIDTH_KEY,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_KEY,
    MAX_SCALAR,
    char_name,
)

__all__ = ["read_yaml", "MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_KEY", "MAX_SCALAR"]

def _decode(path: Path, raw: bytes, problems: Problems) -> str | None:
    hint = "用文本编辑器把文件另存为 UTF-8 编码（不要用 GBK/GB2312/ANSI/UTF-16）。"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM (Windows Notepad) is harmless: drop it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.error(path, 1, "文件是 UTF-16 编码（以 UTF-16 字节序标记开头），无法读取。", hint)
        return None
    nul = raw.find(b"\x00")
    if nul >= 0:
        if _looks_utf16(raw):
            problems.error(path, 1, "文件似乎是 UTF-16 编码（每隔一个字节是 0），无法读取。", hint)
        else:
            line = raw[:nul].count(b"\n") + 1
            problems.error(path, line, "文件里有 NUL 字节（U+0000），可能是二进制文件或已损坏。",
                           "删去这一行里的 NUL 字符；如果不是文本文件，请移出 data/。")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(path, line, "文件不是 UTF-8 编码，无法读取。", hint)
        return None


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(zeros_even, zeros_odd) > half * 0.3


def _tab_lines(text: str) -> list[int]:
    if "\t" not in text:
        return []
    return [i for i, line in enumerate(text.splitlines(), 1)
            if line[: len(line) - len(line.lstrip(" \t"))].count("\t")]


_REFUSED = re.compile(f"{_NON_PRINTABLE.pattern}|{_BAD_CHAR.pattern}")


def _bad_characters(path: Path, text: str, problems: Problems) -> bool:
    """Report the first character no YAML file may hold (raw, not escaped) with its line."""
    m = _REFUSED.search(text)  # one pass: about 30 ns a character
    if m is None:
        return False
    line = text.count("\n", 0, m.start()) + 1
    problems.error(path, line, f"文件里有不允许的字符 {char_name(m.group())}。",
                   "删去这个字符（常见于从网页、终端或其他软件复制来的文字）。")
    return True


def read_yaml(path: Path, problems: Problems):
    """Read one YAML file into LMap/LList values; report problems, never raise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(path, 0, f"文件过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                           "把内容拆分到几个较小的文件里。")
            return None
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # the file may grow between stat and read
    except OSError as exc:
        problems.error(path, 0, f"无法打开文件：{exc.strerror or exc}", "检查文件是否存在、是否有读取权限。")
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.error(path, 0, f"文件过大（上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                       "把内容拆分到几个较小的文件里。")
        return None
    text = _decode(path, raw, problems)
    if text is None:
        return None
    if len(text) > MAX_SCALAR:
        long_line = next((n for n, line in enumerate(text.split("\n"), 1) if len(line) > MAX_SCALAR), 0)
        if long_line:
            problems.error(path, long_line, f"这一行太长（超过 {MAX_SCALAR} 个字符）。",
                           "检查是否漏了换行或引号；长内容请分行写成块文本（`|`），或拆分。")
            return None
    if _bad_characters(path, text, problems):
        return None
    tabs = _tab_lines(text)
    if tabs:
        for line in tabs:
            problems.error(path, line, "缩进里有制表符（Tab）。YAML 只能用空格缩进。",
                           "把这一行开头的 Tab 换成空格（每级缩进两个空格）。")
        return None
    try:
        value = _build(path, text, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it opened, not at the end
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        hint = "检查这一行及上一行的缩进、冒号和引号是否成对。"
        lines = text.splitlines()
        for n in range(min(line, len(lines)), max(0, line - 3), -1):
            if FULLWIDTH_KEY.match(lines[n - 1]):
                line = n
                hint = "这一行里有全角冒号“：”。字段名后面要用半角冒号加空格（`: `）。"
                break
        problems.error(path, line, f"YAML 语法错误：{_translate(what)}", hint)
        return None
    except yaml.YAMLError as exc:
        line = text.count("\n", 0, getattr(exc, "position", 0) or 0) + 1
        problems.error(path, line, f"YAML 语法错误：{_translate(str(exc))}", "检查文件的缩进、引号和特殊字符。")
        return None
    except RecursionError:  # not expected (the reader does not recurse), but never a traceback
        problems.error(path, 1, f"嵌套太深（超过 {MAX_DEPTH} 层）。", "检查缩进，或把深层结构拆开写。")
        return None
    if value is None:
        if not problems.errors or problems.errors[-1].path != problems._rel(path):
            problems.warning(path, 0, "文件是空的，已跳过。", "写入条目，或删除这个文件。")
        return None
    return value


_YAML_MESSAGES = {
    "mapping values are not allowed here": "这里不能出现“键: 值”（常见原因：值里有未加引号的冒号，或缩进不对）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "出现了制表符（Tab）",
    "found undefined alias": "引用了未定义的锚点",
    "expected <block end>, but found '-'": "列表项“-”的缩进和上面不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "did not find expected key": "没有找到预期的字段（缩进可能不对）",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '<scalar>'": "缩进不一致或值里有未加引号的特殊字符",
    "found unknown escape character": "双引号字符串里有无效的反斜杠转义",
    "expected ',' or ']', but got": "方括号列表 [...] 没有正确闭合",
    "expected ',' or '}', but got": "花括号映射 {...} 没有正确闭合",
    "found character that cannot start any token": "出现了不能作为开头的字符（如 `@`、`` ` ``、`%`），请给值加引号",
    "expected alphabetic or numeric character": "锚点或别名的名字不对",
    "found unexpected ':'": "出现了多余的冒号",
    "while scanning a simple key": "这一行缺少冒号“:”",
    "expected the node content, but found": "缺少值",
    "found a tab character": "出现了制表符（Tab）",
    "found unknown escape": "双引号字符串里有无效的反斜杠转义",
}


def _translate(message: str) -> str:
    for english, chinese in _YAML_MESSAGES.items():
        if message.startswith(english):
            return f"{chinese}（{message}）"
    return f"无法解析（{message}）"
