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

import datetime as _dt
import re
from pathlib import Path

import yaml

from .problems import Problems

FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]+\s*：")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32
MAX_ALIAS_NODES = 10_000
MAX_SCALAR = 100_000
MAX_KEY = 100
FALLBACK_CHARS = 1_000_000  # up to this size a syntax error is read again by the pure-Python parser

# characters YAML itself refuses in a file (what PyYAML's reader calls non-printable)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# characters no value may hold: controls (tab and line breaks aside), C1 controls,
# bidirectional embeddings/overrides/isolates (they reorder what a reader sees), surrogates
_BAD_CHAR = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]")
_CHAR_NAMES = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x202E: "从右到左覆盖 RLO", 0x202D: "从左到右覆盖 LRO",
               0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI",
               0x2069: "PDI", 0xFFFE: "非字符", 0xFFFF: "非字符"}


class LimitExceeded(Exception):
    """A limit was reached while reading: the file is given up (already reported)."""


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


# A number, date or time that YAML read from unquoted text keeps the text it was written as
# (`yaml_source`): a text field shows `017` as written, not as the octal number 15 YAML 1.1 reads.
class YInt(int):
    yaml_source: str = ""


class YFloat(float):
    yaml_source: str = ""


class YDate(_dt.date):
    yaml_source: str = ""


class YDateTime(_dt.datetime):
    yaml_source: str = ""


def _with_source(value, text: str):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        out = YInt(value)
    elif isinstance(value, float):
        out = YFloat(value)
    elif isinstance(value, _dt.datetime):
        out = YDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        value.microsecond, value.tzinfo)
    elif isinstance(value, _dt.date):
        out = YDate(value.year, value.month, value.day)
    else:
        return value
    out.yaml_source = text
    return out


def char_name(ch: str) -> str:
    code = ord(ch)
    name = _CHAR_NAMES.get(code) or ("代理码位" if 0xD800 <= code <= 0xDFFF else "控制字符")
    return f"U+{code:04X}（{name}）"


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml: about 10× faster to parse


class _Frame:
    __slots__ = ("value", "anchor", "size", "key", "key_line", "has_key", "key_ok")

    def __init__(self, value, anchor):
        self.value, self.anchor, self.size = value, anchor, 1
        self.key, self.key_line, self.has_key, self.key_ok = None, 0, False, True


class _Builder:
    """Values from a stream of parser events, one loop, no recursion."""

    def __init__(self, path: Path, problems: Problems):
        self.path = path
        self.problems = problems
        self.loader = yaml.SafeLoader("")
        self.anchors: dict[str, tuple] = {}   # name -> (value, expanded size, line)
        self.open_anchors: set[str] = set()
        self.expanded = 0

    def error(self, line: int, message: str, hint: str) -> None:
        self.problems.error(self.path, line, message, hint)

    def build(self, events) -> object:
        stack: list[_Frame] = []
        root, documents = None, 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                line = event.start_mark.line + 1
                value = self._scalar(event, line, is_key=bool(stack) and isinstance(stack[-1].value, LMap)
                                     and not stack[-1].has_key)
                self._remember(event.anchor, value, 1, line)
                if stack:
                    stack[-1].size += 1
                root = self._add(stack, value, line, event.style in ("|", ">"), event, root)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                line = event.start_mark.line + 1
                if len(stack) >= MAX_DEPTH:
                    self.error(line, f"嵌套太深（超过 {MAX_DEPTH} 层）。",
                               "条目的字段最多嵌套几层；检查缩进，或把深层结构拆开写。")
                    raise LimitExceeded
                value = LMap() if kind is yaml.MappingStartEvent else LList()
                value.line = line
                if isinstance(value, LMap):
                    value.key_lines, value.value_lines, value.block = {}, {}, {}
                else:
                    value.item_lines = []
                if event.anchor:
                    self._check_anchor(event.anchor, line)
                    self.open_anchors.add(event.anchor)
                stack.append(_Frame(value, event.anchor))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (frame.value, frame.size, frame.value.line)
                if stack:
                    stack[-1].size += frame.size
                root = self._add(stack, frame.value, frame.value.line, False, event, root)
            elif kind is yaml.AliasEvent:
                line = event.start_mark.line + 1
                value, size = self._alias(event.anchor, line)
                self.expanded += size
                if self.expanded > MAX_ALIAS_NODES:
                    self.error(line, f"别名（`*{event.anchor}`）展开后的值太多（超过 {MAX_ALIAS_NODES} 个）。",
                               "不要用锚点和别名层层套用；把内容直接写出来。")
                    raise LimitExceeded
                if stack:
                    stack[-1].size += size
                root = self._add(stack, value, line, False, event, root)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.error(event.start_mark.line + 1, "一个文件里只能有一个 YAML 文档（出现了第二个 `---`）。",
                               "删去多余的 `---`，或把后面的内容移到另一个文件。")
                    raise LimitExceeded
        return root

    def _check_anchor(self, name: str, line: int) -> None:
        if name in self.anchors or name in self.open_anchors:
            self.error(line, f"锚点 `&{name}` 重复定义。", "给锚点换一个名字，或删去其中一个。")
            raise LimitExceeded

    def _remember(self, anchor, value, size: int, line: int) -> None:
        if anchor:
            self._check_anchor(anchor, line)
            self.anchors[anchor] = (value, size, line)

    def _alias(self, name: str, line: int):
        if name in self.open_anchors:
            self.error(line, f"别名 `*{name}` 引用了包含它自己的锚点，形成循环。",
                       "别名只能引用写在它前面、已经结束的值；删去这个别名。")
            raise LimitExceeded
        if name not in self.anchors:
            self.error(line, f"YAML 语法错误：引用了未定义的锚点 `*{name}`。",
                       "先用 `&名字` 定义锚点再引用，或把值直接写出来。")
            raise LimitExceeded
        value, size, _ = self.anchors[name]
        return value, size

    def _scalar(self, event, line: int, is_key: bool):
        text = event.value
        limit = MAX_KEY if is_key else MAX_SCALAR
        if len(text) > limit:
            what = "字段名" if is_key else "值"
            self.error(line, f"{what}太长（{len(text)} 个字符，上限 {limit}）。",
                       "检查是否漏了换行或引号；长内容请拆分。")
            raise LimitExceeded
        bad = _BAD_CHAR.search(text)
        if bad:
            self.error(line + _line_in(text, bad.start(), event), f"文字里有不允许的字符 {char_name(bad.group())}。",
                       "删去这个字符（常见于从网页、终端或其他软件复制来的文字）；"
                       "双引号字符串里也不要写 `\\e`、`\\x1b`、`\\u202e`、`\\ud800` 这样的转义。")
            return text  # reported: the file does not pass, and the field needs no second report
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _STR:
            return text  # the common case, without the constructor's bookkeeping
        if tag == _MERGE:
            return _MergeKey
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            return _with_source(self.loader.construct_object(node, deep=True), text)
        except (ValueError, OverflowError):
            return text  # e.g. 2019-02-30 looks like a date but is none: the field reports it
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.error(line, f"无法读取的值（{problem}）。", "检查这一行的写法，必要时给值加上引号。")
            return None

    def _add(self, stack: list[_Frame], value, line: int, block: bool, event, root):
        if not stack:
            return value
        frame = stack[-1]
        parent = frame.value
        if isinstance(parent, LList):
            parent.append(value)
            parent.item_lines.append(line)
            return root
        if not frame.has_key:  # this value is a key
            frame.has_key, frame.key, frame.key_line, frame.key_ok = True, value, line, True
            if value is _MergeKey:
                self.error(line, "不支持 YAML 合并键 `<<`。", "把要合并的字段直接写出来。")
                frame.key_ok = False
            elif not isinstance(value, (str, int, float, bool)) or value is None:
                self.error(line, "字段名必须是简单文本。", "字段名写成 `名字: 值` 的形式。")
                frame.key_ok = False
            else:
                key = value if isinstance(value, str) else str(getattr(value, "yaml_source", "") or value)
                frame.key = key
                if key in parent:
                    self.error(line, f"字段 `{key}` 重复出现（第一次在第 {parent.key_lines[key]} 行）。",
                               "删去其中一个，或合并两处的内容。")
                    frame.key_ok = False
            return root
        frame.has_key = False
        if frame.key_ok:
            key = frame.key
            parent[key] = value
            parent.key_lines[key] = frame.key_line
            parent.block[key] = block
            # content of a block scalar starts on the line after the indicator
            parent.value_lines[key] = line + (1 if block else 0)
        return root


class _MergeKeyType:
    def __repr__(self):
        return "<<"


_MergeKey = _MergeKeyType()


def _line_in(text: str, index: int, event) -> int:
    """Lines into a block scalar's text (its content starts on the line after the indicator)."""
    if event.style in ("|", ">"):
        return 1 + text.count("\n", 0, index)
    return 0


def _events(text: str, loader):
    parser = loader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _build(path: Path, text: str, problems: Problems):
    """Values of the file; on a syntax error the pure-Python parser runs again so
    that messages read the same with or without libyaml."""
    loaders = [yaml.SafeLoader] if _FAST_LOADER is None else [_FAST_LOADER, yaml.SafeLoader]
    for n, loader in enumerate(loaders):
        sink = Problems(root=problems.root)
        sink.__dict__["_rel_cache"] = problems.__dict__.setdefault("_rel_cache", {})
        builder = _Builder(path, sink)
        try:
            value = builder.build(_events(text, loader))
        except LimitExceeded:
            problems.items.extend(sink.items)
            return None
        except yaml.YAMLError as exc:
            if "maximum nesting depth" in str(exc):  # libyaml's own limit (1,000 levels of flow collections)
                mark = getattr(exc, "problem_mark", None)
                problems.error(path, mark.line + 1 if mark else 1, f"嵌套太深（超过 {MAX_DEPTH} 层）。",
                               "条目的字段最多嵌套几层；检查缩进和方括号、花括号是否成对。")
                return None
            if n + 1 < len(loaders) and len(text) <= FALLBACK_CHARS:
                continue  # the same messages as without libyaml (large files: libyaml's, at once)
            raise
        problems.items.extend(sink.items)
        return value
    return None


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
