"""Values from PyYAML's parser events, one loop, no recursion: lines kept, duplicate keys
reported, the reader's limits held while reading (see yamlsrc.py)."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..model.problems import Problems
from .yamlvalues import (
    _BAD_CHAR,
    FALLBACK_CHARS,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_KEY,
    MAX_SCALAR,
    LimitExceeded,
    LList,
    LMap,
    _with_source,
    char_name,
)

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


