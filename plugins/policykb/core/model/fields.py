"""Field types of the content model: each checks and normalises one value.

A field type reports problems through a `Check` context and returns the
normalised value (or None when the value is unusable). References are not
resolved here: a reference field returns `Ref` objects that the linker
resolves once every entry is known.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

from .fieldbase import (
    DATE_RE,
    ID_RE,
    MAX_ID,
    MAX_NUMBER,
    MAX_TEXT,
    PLAIN_NUMBER,
    Check,
    FieldType,
    Ref,
    _as_written,
    _plain_number,
    _type_name,
    has_visible_text,
    visible_text,
)

__all__ = ["AnyRef", "Check", "Choice", "DATE_RE", "Date", "FieldType", "ID_RE", "Integer", "MAX_ID", "MAX_NUMBER",
           "MAX_TEXT", "Markdown", "Number", "PLAIN_NUMBER", "REF_RE", "Record", "Ref", "RefTo", "Text", "TextList",
           "Value", "visible_text"]


@dataclass
class Text(FieldType):
    max_length: int = 500

    def check(self, value, ctx):
        if isinstance(value, bool):
            word = "是" if value else "否"
            ctx.error(f"应为一段文本，但 YAML 把它读成了“{word}”（yes/no/on/off/true/false 都会这样）。",
                      "给这段文字加上引号，例如 `\"yes\"`。")
            return None
        if value is None or isinstance(value, (list, dict)):
            ctx.error(f"应为一段文本，现在是{_type_name(value) if value is not None else '空值'}。",
                      "直接写文字；以特殊字符开头或含有“: ”时加引号。")
            return None
        if not isinstance(value, str):
            written = _as_written(value)
            if written is None or isinstance(value, float) and not math.isfinite(value):
                ctx.error(f"应为一段文本，现在是{_type_name(value)}。", "给这段文字加上引号。")
                return None
            value = written  # `017` stays 017, `2020-6-3` stays as written
        text = str(value).strip()
        if not has_visible_text(text):
            what = "只有看不见的字符（如零宽空格）" if text else "为空"
            ctx.error(f"不能为空，现在{what}。", "填写内容，或删去这个字段。")
            return None
        if len(text) > self.max_length:
            ctx.error(f"太长（{len(text)} 字，上限 {self.max_length} 字）。",
                      "精简文字；长内容请写进支持 Markdown 的正文字段。")
            return None
        return text


@dataclass
class Markdown(Text):
    max_length: int = MAX_TEXT

    def check(self, value, ctx):
        text = super().check(value, ctx)
        return text


@dataclass
class Integer(FieldType):
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.error(f"应为整数，现在是{_type_name(value)}。", "写一个不带引号的整数，例如 `2019`。")
            return None
        if not _plain_number(value, ctx):
            return None
        value = int(value)
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            ctx.error(f"数值 {value} 超出范围（{self.minimum}–{self.maximum}）。", "检查是否写错。")
            return None
        return value


@dataclass
class Number(FieldType):
    positive: bool = True

    def check(self, value, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.error(f"应为数字，现在是{_type_name(value)}。", "写一个不带引号的数字，例如 `4` 或 `1.5`。")
            return None
        if not _plain_number(value, ctx):
            return None
        value = float(value) if isinstance(value, float) else int(value)
        if self.positive and value <= 0:
            ctx.error(f"应大于 0，现在是 {value}。", "填写正数。")
            return None
        return value


@dataclass
class Value(FieldType):
    """A target value: a number or a short text such as 全覆盖."""

    def check(self, value, ctx):
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            ctx.error("应为数字或简短文本。", "例如 `80` 或 `全覆盖`。")
            return None
        if isinstance(value, str):
            return Text(self.label, max_length=100).check(value, ctx)
        if isinstance(value, (int, float)):
            if not _plain_number(value, ctx):
                return None
            return float(value) if isinstance(value, float) else int(value)
        return Text(self.label, max_length=100).check(value, ctx)  # a date: the text as written


@dataclass
class Date(FieldType):
    def check(self, value, ctx):
        hint = "写成 `2020`、`2020-06` 或 `2020-06-30`。"
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            ctx.error(f"应为日期，现在是{_type_name(value)}。", hint)
            return None
        text = str(value).strip()
        m = DATE_RE.match(text)
        if not m:
            ctx.error(f"日期 `{text}` 无法识别。", hint)
            return None
        year, month, day = int(m[1]), m[2], m[3]
        if not 1949 <= year <= 2100:
            ctx.error(f"年份 {year} 不合理。", hint)
            return None
        try:
            if day:
                return _dt.date(year, int(month), int(day)).isoformat()
            if month:
                _dt.date(year, int(month), 1)
                return f"{year:04d}-{int(month):02d}"
        except ValueError:
            ctx.error(f"日期 `{text}` 不存在。", hint)
            return None
        return f"{year:04d}"


@dataclass
class Choice(FieldType):
    choices: tuple = ()

    def check(self, value, ctx):
        if value not in self.choices:
            options = "、".join(f"`{c}`" for c in self.choices)
            ctx.error(f"取值 `{value}` 无效。", f"只能是 {options} 之一。")
            return None
        return value


@dataclass
class TextList(FieldType):
    item: Text = field(default_factory=lambda: Text("", max_length=1000))

    def check(self, value, ctx):
        if isinstance(value, str):
            value = [value]  # a single item may be written without a list
        if not isinstance(value, list):
            ctx.error(f"应为列表，现在是{_type_name(value)}。", "每项一行，以 `- ` 开头。")
            return None
        out = []
        for i, item in enumerate(value):
            line = value.line_of(i) if hasattr(value, "line_of") else ctx.line
            checked = self.item.check(item, ctx.at(line))
            if checked is not None:
                out.append(checked)
        return out


@dataclass
class RefTo(FieldType):
    """A list of references to entries of one kind (a single id is accepted)."""

    kind: str = ""
    single: bool = False
    inverse: str = ""  # label of the backlink group on the target's page

    def check(self, value, ctx):
        items = [value] if isinstance(value, str) or (self.single and not isinstance(value, list)) else value
        if not isinstance(items, list):
            ctx.error(f"应为 id 列表，现在是{_type_name(value)}。", "写成 `[id1, id2]`。")
            return None
        if self.single and len(items) != 1:
            ctx.error("只能引用一个条目。", "只写一个 id。")
            return None
        out = []
        for i, item in enumerate(items):
            line = items.line_of(i) if hasattr(items, "line_of") else ctx.line
            if not isinstance(item, str) or not ID_RE.match(item.strip()):
                ctx.error(f"`{item}` 不是合法的 id。",
                          "id 只能由小写字母、数字和连字符组成，例如 `xian-minzhengju`。", line)
                continue
            out.append(Ref(self.kind, item.strip(), line))
        return out[0] if self.single and out else (None if self.single else out)

    def refs(self, value):
        if value is None:
            return []
        return [value] if isinstance(value, Ref) else list(value)


REF_RE = re.compile(r"^([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)(?:#(.+))?\Z")


@dataclass
class AnyRef(FieldType):
    """A list of `kind:id` references (related entries, readings)."""

    inverse: str = ""

    def check(self, value, ctx):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            ctx.error(f"应为列表，现在是{_type_name(value)}。", "写成 `[measure:某id, case:某id]`。")
            return None
        out = []
        for i, item in enumerate(value):
            line = value.line_of(i) if hasattr(value, "line_of") else ctx.line
            m = REF_RE.match(item.strip()) if isinstance(item, str) else None
            if not m:
                ctx.error(f"`{item}` 不是合法的引用。",
                          "写成 `类型:id`，例如 `measure:cw-xuanju-chengxu`；类型见《数据格式》。", line)
                continue
            out.append(Ref(m[1], m[2], line, m[3] or ""))
        return out

    def refs(self, value):
        return list(value or [])


@dataclass
class Record(FieldType):
    """A nested mapping with its own fields (a place, a source, a target)."""

    fields: dict = field(default_factory=dict)
    many: bool = False  # a list of records; a single mapping is accepted when True
    columns: tuple = ()  # as a table: column → subfields joined in its cell (default: one per subfield)

    def check(self, value, ctx):
        if self.many:
            if isinstance(value, dict):
                value = [value]
            if not isinstance(value, list):
                ctx.error(f"应为列表，现在是{_type_name(value)}。", "每项以 `- ` 开头，写成映射。")
                return None
            out = []
            for i, item in enumerate(value):
                line = value.line_of(i) if hasattr(value, "line_of") else ctx.line
                rec = self._one(item, ctx.at(line))
                if rec is not None:
                    out.append(rec)
            return out
        return self._one(value, ctx)

    def _one(self, value, ctx):
        if not isinstance(value, dict):
            keys = "、".join(f"`{k}`" for k in self.fields)
            ctx.error(f"应为映射，现在是{_type_name(value)}。", f"写成 `字段: 值` 的形式，可用字段：{keys}。")
            return None
        out = {}
        for key in value:
            if key not in self.fields:
                keys = "、".join(f"`{k}`" for k in self.fields)
                ctx.error(f"未知的子字段 `{key}`。", f"可用子字段：{keys}。",
                          value.line_of(key) if hasattr(value, "line_of") else None)
        for name, ftype in self.fields.items():
            line = value.line_of(name) if hasattr(value, "line_of") else ctx.line
            if name not in value or value[name] is None:
                if ftype.required:
                    ctx.error(f"缺少子字段 `{name}`（{ftype.label}）。", f"补上 `{name}: …`。")
                continue
            checked = ftype.check(value[name], ctx.at(line, f"{ctx.field}.{name}"))
            if checked is not None:
                out[name] = checked
        return out or None
