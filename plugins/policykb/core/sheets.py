"""Spreadsheet columns (工作台账): how entry fields become cells and back.

One table describes each exported kind; export and import both read it, so
a sheet written by the export is a sheet the import understands. Reference
cells hold the target's title (readable for a cadre) unless that title is
ambiguous, then its id; the import accepts either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import Ref

SEP = "｜"   # separates the parts of a target or a source on one line
LIST_SEP = re.compile(r"[、，,；;\n]+")


@dataclass(frozen=True)
class Column:
    header: str
    field: str                 # field name; "place.county" for a record's part
    form: str = "text"         # text | refs | anyrefs | list | fieldnames | targets | sources | number
    aliases: tuple = ()
    hint: str = ""             # how to write the cell, shown with errors


PLACE_COLUMNS = [Column("省", "place.province"), Column("市", "place.city"),
                 Column("县（区）", "place.county", aliases=("县", "区", "县区")),
                 Column("乡镇（街道）", "place.town", aliases=("乡镇", "街道", "镇")),
                 Column("村（社区）", "place.village", aliases=("村", "社区"))]

TARGET_HINT = f"每行一个指标：指标{SEP}目标值{SEP}单位{SEP}达成时间{SEP}说明，后几项可省略，例如 `覆盖率{SEP}80{SEP}%{SEP}2021`。"
SOURCE_HINT = f"每行一个来源：原始文件{SEP}文章{SEP}地方{SEP}说明，后两项可省略。"

EDITORIAL_COLUMNS = [
    Column("推定字段", "inferred", "fieldnames", aliases=("编者推定字段",),
           hint="写原文未写明、由编者推定的字段名称，例如 `牵头单位、责任单位`，多个用顿号分隔。"),
    Column("编者注", "editor_note", aliases=("编者按",)),
]

MEASURE_COLUMNS = [
    Column("编号", "id", aliases=("id", "序号编号")),
    Column("任务/措施", "title", aliases=("任务", "措施", "工作措施", "工作任务", "标题", "任务措施")),
    Column("主题", "themes", "refs", aliases=("所属主题",), hint="写主题名称或 id，多个用顿号分隔。"),
    Column("概述", "summary", aliases=("摘要", "简介", "内容")),
    Column("牵头单位", "lead", "refs", aliases=("牵头部门",), hint="写单位名称或 id，多个用顿号或换行分隔。"),
    Column("责任单位", "partners", "refs", aliases=("配合单位", "参与单位", "责任部门"),
           hint="写单位名称或 id，多个用顿号或换行分隔。"),
    Column("阶段", "phase", aliases=("实施阶段",)),
    Column("完成时限", "deadline", aliases=("时限", "完成时间", "截止时间"), hint="写成 2021-06-30、2021-06 或 2021。"),
    Column("目标", "targets", "targets", aliases=("工作指标", "指标", "目标任务"), hint=TARGET_HINT),
    Column("政策依据", "basis", "refs", aliases=("依据",), hint="写文件标题、文号或 id，每行一个。"),
    Column("具体做法", "body", aliases=("工作措施内容", "做法")),
    *PLACE_COLUMNS,
    Column("相关条目", "related", "anyrefs", hint="每行一个 `类型:id`，例如 `case:cw-jianning-shidian`。"),
    Column("标签", "tags", "list", hint="多个用顿号分隔。"),
    Column("来源", "source", "sources", hint=SOURCE_HINT),
    Column("可见范围", "visibility", aliases=("可见性",), hint="public（公开）或 internal（内部）。"),
    *EDITORIAL_COLUMNS,
]

QA_COLUMNS = [
    Column("编号", "id"),
    Column("问题", "question"),
    Column("主题", "themes", "refs"),
    Column("回答", "answer"),
    Column("依据", "basis", "refs"),
    Column("相关条目", "related", "anyrefs"),
    Column("标签", "tags", "list"),
    Column("来源", "source", "sources"),
    Column("可见范围", "visibility"),
    *EDITORIAL_COLUMNS,
]

TARGET_KEYS = ("what", "value", "unit", "by", "note")
SOURCE_KEYS = ("doc", "article", "place", "note")


def _joined(parts: list[str]) -> str:
    while parts and not parts[-1]:
        parts.pop()
    return SEP.join(parts)


class RefNames:
    """Readable names for references: a title when it is unique in its kind, else the id."""

    def __init__(self, kb):
        self.kb = kb
        self._count: dict[tuple[str, str], int] = {}
        for entry in kb.entries.values():
            key = (entry.kind.name, entry.title)
            self._count[key] = self._count.get(key, 0) + 1

    def name(self, ref: Ref) -> str:
        entry = self.kb.entries.get((ref.kind, ref.id))
        if entry is None or self._count.get((ref.kind, entry.title), 0) != 1 or "\n" in entry.title:
            return ref.id
        return entry.title


def cell(entry, column: Column, names: RefNames) -> str:
    """The text of one cell for an entry."""
    if column.field == "id":
        return entry.id
    if "." in column.field:
        record, part = column.field.split(".", 1)
        return str((entry.data.get(record) or {}).get(part, ""))
    value = entry.data.get(column.field)
    if value is None or value == []:
        return ""
    if column.form == "refs":
        return "\n".join(names.name(r) for r in ([value] if isinstance(value, Ref) else value))
    if column.form == "anyrefs":
        return "\n".join(f"{r.kind}:{r.id}" + (f"#{r.anchor}" if r.anchor else "") for r in value)
    if column.form == "list":
        return "、".join(value)
    if column.form == "fieldnames":
        return "、".join(entry.kind.fields[n].label if n in entry.kind.fields else n for n in value)
    if column.form == "targets":
        return "\n".join(_joined([str(t.get(k, "")) for k in TARGET_KEYS]) for t in value)
    if column.form == "sources":
        return "\n".join(_joined([str(s.get(k, "")) for k in SOURCE_KEYS]) for s in value)
    return str(value)


def field_name(kind, text: str) -> str:
    """A field's name from its name or its Chinese label (推定字段 cells hold labels)."""
    if text in kind.fields:
        return text
    return next((n for n, f in kind.fields.items() if f.label == text), text)


def rows(kb, kind: str, columns: list[Column]) -> list[list[str]]:
    """Header row plus one row per entry of the kind, in id order."""
    names = RefNames(kb)
    entries = sorted(kb.of_kind(kind), key=lambda e: e.id)
    return [[c.header for c in columns]] + [[cell(e, c, names) for c in columns] for e in entries]
