"""A JSON Schema of the data files, generated from the kinds (for editors such as VS Code).

Each field type maps itself to a JSON Schema fragment through `MAPPERS`
(one function per class of fields.py; a test checks none is missing).
References to kinds with the `enum` role (themes, units) are enums of the ids found in the data, so an
editor offers them while typing; other references get the id pattern.
The schema catches what can be seen in one file (unknown fields, missing
required ones, wrong types, bad choices, bad ids and dates); references
into other kinds, duplicates and cycles remain the checker's job.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import fields as F
from ..model.kinds import KINDS, Kind, names_with

DRAFT = "http://json-schema.org/draft-07/schema#"
YEAR = r"(?:19[4-9][0-9]|20[0-9][0-9]|2100)"
DATE_PATTERN = rf"^{YEAR}(?:-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12][0-9]|3[01]))?)?$"
NOT_BLANK = r"\S"


def ecma(regex) -> str:
    """A Python pattern as JSON Schema (ECMA-262) reads it: \\Z (end of text) is $ there, which never
    matches before a final newline without the m flag."""
    return regex.pattern.replace(r"\Z", "$")


@dataclass
class Context:
    """What the schema needs from the data: ids (and names) of the enum kinds."""

    ids: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # kind → [(id, title)]

    @classmethod
    def of(cls, kb) -> Context:
        return cls({k: sorted((e.id, e.title) for e in kb.of_kind(k)) for k in names_with("enum")})


def _text(t: F.Text, ctx: Context) -> dict:
    return {"type": ["string", "number"], "pattern": NOT_BLANK, "maxLength": t.max_length,
            "description": f"文本，最长 {t.max_length} 字。"}


def _markdown(t: F.Markdown, ctx: Context) -> dict:
    return {"type": ["string", "number"], "pattern": NOT_BLANK, "maxLength": t.max_length,
            "description": "Markdown 文本，多段时写成 `|` 加换行缩进的块；可用 [[类型:id]] 引用其他条目。"}


def _integer(t: F.Integer, ctx: Context) -> dict:
    out = {"type": "integer", "description": "整数，不加引号。"}
    if t.minimum is not None:
        out["minimum"] = t.minimum
    if t.maximum is not None:
        out["maximum"] = t.maximum
    return out


def _number(t: F.Number, ctx: Context) -> dict:
    out = {"type": "number", "description": "数字，不加引号，例如 4 或 1.5。"}
    if t.positive:
        out["exclusiveMinimum"] = 0
    return out


def _value(t: F.Value, ctx: Context) -> dict:
    return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NOT_BLANK, "maxLength": 100}],
            "description": "数字或简短文本，例如 80 或 全覆盖。"}


def _date(t: F.Date, ctx: Context) -> dict:
    return {"anyOf": [{"type": "integer", "minimum": 1949, "maximum": 2100},
                      {"type": "string", "pattern": DATE_PATTERN}],
            "description": "日期：2020、2020-06 或 2020-06-30。"}


def _choice(t: F.Choice, ctx: Context) -> dict:
    return {"enum": list(t.choices), "description": "只能是 " + "、".join(map(str, t.choices)) + " 之一。"}


def _text_list(t: F.TextList, ctx: Context) -> dict:
    item = field_schema(t.item, ctx)
    item.pop("description", None)
    return {"anyOf": [item, {"type": "array", "items": item}],
            "description": "列表：每项一行，以 `- ` 开头；或写成 [甲, 乙]。"}


def id_schema(kind: str, ctx: Context) -> dict:
    if kind in names_with("enum") and ctx.ids.get(kind):
        return {"$ref": f"#/definitions/{kind}-id"}
    return {"type": "string", "pattern": ecma(F.ID_RE), "maxLength": F.MAX_ID}


def id_enums(ctx: Context) -> dict:
    """The lists of known ids, defined once and referred to by every field that takes them."""
    return {f"{kind}-id": {"title": f"已有{KINDS[kind].label}的 id", "type": "string",
                           "enum": [i for i, _ in known], "enumDescriptions": [t for _, t in known]}
            for kind, known in ctx.ids.items() if known}


def _ref_to(t: F.RefTo, ctx: Context) -> dict:
    one = id_schema(t.kind, ctx)
    label = KINDS[t.kind].label if t.kind in KINDS else t.kind
    if t.single:
        return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 1}],
                "description": f"一个{label}的 id。"}
    return {"anyOf": [one, {"type": "array", "items": one}],
            "description": f"{label}的 id 列表，例如 [id1, id2]。"}


def _any_ref(t: F.AnyRef, ctx: Context) -> dict:
    one = {"type": "string", "pattern": ecma(F.REF_RE)}
    kinds = "、".join(KINDS)
    return {"anyOf": [one, {"type": "array", "items": one}],
            "description": f"`类型:id` 列表，例如 [measure:某id, case:某id]；类型为 {kinds}。"}


def _record(t: F.Record, ctx: Context) -> dict:
    one = _object(t.fields, ctx)
    if t.many:
        return {"anyOf": [one, {"type": "array", "items": one}],
                "description": "列表，每项一组 `子字段: 值`：" + "、".join(t.fields) + "。"}
    one["description"] = "一组 `子字段: 值`：" + "、".join(t.fields) + "。"
    return one


def _object(fields: dict, ctx: Context, extra: dict | None = None) -> dict:
    props = dict(extra or {})
    props.update({name: field_schema(ftype, ctx) for name, ftype in fields.items()})
    out = {"type": "object", "properties": props, "additionalProperties": False}
    required = [name for name, ftype in fields.items() if ftype.required]
    if required:
        out["required"] = required
    return out


MAPPERS: dict[type, Callable[[F.FieldType, Context], dict]] = {
    F.Text: _text, F.Markdown: _markdown, F.Integer: _integer, F.Number: _number, F.Value: _value,
    F.Date: _date, F.Choice: _choice, F.TextList: _text_list, F.RefTo: _ref_to, F.AnyRef: _any_ref,
    F.Record: _record,
}


def field_schema(ftype: F.FieldType, ctx: Context) -> dict:
    """The schema of one field, titled with its Chinese label."""
    mapper = next((MAPPERS[c] for c in type(ftype).__mro__ if c in MAPPERS), None)
    out = mapper(ftype, ctx) if mapper else {}
    if ftype.label:
        out = {"title": ftype.label, **out}
    if ftype.required and "description" in out:
        out["description"] = "必填。" + out["description"]
    return out


def kind_schema(kind: Kind, ctx: Context) -> dict:
    id_field = {"id": {"title": "编号", "type": "string", "pattern": ecma(F.ID_RE), "maxLength": F.MAX_ID,
                       "description": "小写字母、数字和连字符，例如 cw-xuanju-chengxu；省略时按标题拼音生成。"}}
    out = _object(kind.fields, ctx, id_field)
    required = "、".join(n for n, f in kind.fields.items() if f.required)
    return {"title": kind.label, "description": f"{kind.label}条目。必填字段：{required}。", **out}


def knowledge_base_schema(ctx: Context) -> dict:
    kinds = {k.name: kind_schema(k, ctx) for k in KINDS.values()}
    props = {k.plural: {"title": f"{k.label}列表", "description": f"{k.label}条目，每个以 `- id: …` 开头。",
                        "type": ["array", "null"], "items": {"$ref": f"#/definitions/{k.name}"}}
             for k in KINDS.values()}
    return {
        "$schema": DRAFT,
        "title": "基层治理政策实务知识库数据文件",
        "description": "data/ 中的 YAML 文件：顶层是条目类型（" + "、".join(props) + "），下面是条目列表。"
                       "本文件由 scripts/schema.py 生成，不要手改。",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        "definitions": {**kinds, **id_enums(ctx)},
    }


def schema_text(kb) -> str:
    return json.dumps(knowledge_base_schema(Context.of(kb)), ensure_ascii=False, indent=1) + "\n"
