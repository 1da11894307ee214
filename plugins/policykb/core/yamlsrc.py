"""Line-aware YAML reading: every mapping and list remembers where it stood.

PyYAML's composer gives nodes with marks; we construct plain Python values
from them ourselves so that each key and list item keeps its line number and
duplicate keys (which PyYAML silently overwrites) are reported.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .problems import Problems

FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]+\s*：")
MAX_FILE_BYTES = 20 * 1024 * 1024


class LMap(dict):
    """A dict that knows the line of itself, of each key and each value."""

    line: int = 0
    key_lines: dict
    value_lines: dict
    block: dict  # key -> True when the value is a literal/folded block scalar

    def line_of(self, key) -> int:
        return self.value_lines.get(key) or self.key_lines.get(key) or self.line


class LList(list):
    """A list that knows its line and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


_STR = "tag:yaml.org,2002:str"
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: about 10× faster to parse


def _compose(text: str):
    """Parse into nodes (with line marks), with libyaml when present.

    libyaml and the pure-Python parser accept the same documents; on an error
    the pure-Python parser runs again so that messages read the same everywhere.
    """
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _scalar_loader() -> yaml.SafeLoader:
    return yaml.SafeLoader("")


class _Builder:
    def __init__(self, path: Path, problems: Problems):
        self.path = path
        self.problems = problems
        self.loader = _scalar_loader()

    def build(self, node):
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node)
        if node.tag == _STR:
            return node.value  # the common case, without the constructor's bookkeeping
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            return node.value  # e.g. 2019-02-30 looks like a date but is none: the field reports it
        except yaml.YAMLError as exc:
            self.problems.error(self.path, node.start_mark.line + 1, f"无法读取的值：{exc}",
                                "检查这一行的写法，必要时给值加上引号。")
            return None

    def _mapping(self, node: yaml.MappingNode) -> LMap:
        result = LMap()
        result.line = node.start_mark.line + 1
        result.key_lines, result.value_lines, result.block = {}, {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.error(self.path, key_node.start_mark.line + 1,
                                    "不支持 YAML 合并键 `<<`。", "把要合并的字段直接写出来。")
                continue
            key = self.build(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.problems.error(self.path, line, "字段名必须是简单文本。",
                                    "字段名写成 `名字: 值` 的形式。")
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                self.problems.error(
                    self.path, line,
                    f"字段 `{key}` 重复出现（第一次在第 {result.key_lines[key]} 行）。",
                    "删去其中一个，或合并两处的内容。")
                continue
            result[key] = self.build(value_node)
            result.key_lines[key] = line
            style = getattr(value_node, "style", None)
            result.block[key] = style in ("|", ">")
            # content of a block scalar starts on the line after the indicator
            result.value_lines[key] = value_node.start_mark.line + 1 + (1 if result.block[key] else 0)
        return result

    def _sequence(self, node: yaml.SequenceNode) -> LList:
        result = LList()
        result.line = node.start_mark.line + 1
        result.item_lines = []
        for item in node.value:
            result.append(self.build(item))
            result.item_lines.append(item.start_mark.line + 1)
        return result


def _decode(path: Path, raw: bytes, problems: Problems) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM (Windows Notepad) is harmless: drop it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "用文本编辑器把文件另存为 UTF-8 编码（不要用 GBK/GB2312/ANSI）。"
        problems.error(path, line, "文件不是 UTF-8 编码，无法读取。", hint)
        return None


def _tab_lines(text: str) -> list[int]:
    if "\t" not in text:
        return []
    return [i for i, line in enumerate(text.splitlines(), 1)
            if line[: len(line) - len(line.lstrip(" \t"))].count("\t")]


def read_yaml(path: Path, problems: Problems):
    """Read one YAML file into LMap/LList values; report problems, never raise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(path, 0, f"文件过大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                           "把内容拆分到几个较小的文件里。")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(path, 0, f"无法打开文件：{exc.strerror}", "检查文件是否存在、是否有读取权限。")
        return None
    text = _decode(path, raw, problems)
    if text is None:
        return None
    tabs = _tab_lines(text)
    if tabs:
        for line in tabs:
            problems.error(path, line, "缩进里有制表符（Tab）。YAML 只能用空格缩进。",
                           "把这一行开头的 Tab 换成空格（每级缩进两个空格）。")
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # an unclosed quote: point at where it opened, not at the end
        line = mark.line + 1 if mark else 0
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
        problems.error(path, 0, f"YAML 语法错误：{exc}", "检查文件的缩进和引号。")
        return None
    if node is None:
        problems.warning(path, 0, "文件是空的，已跳过。", "写入条目，或删除这个文件。")
        return None
    return _Builder(path, problems).build(node)


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
}


def _translate(message: str) -> str:
    for english, chinese in _YAML_MESSAGES.items():
        if message.startswith(english):
            return f"{chinese}（{message}）"
    return message
