"""Spreadsheet columns (工作台账): how entry fields become cells and back, for every kind.

The columns of a kind are derived from its fields (kinds.py): the header is the
field's Chinese label (a few kinds use the words of their ledgers, such as
任务/措施), and the cell form follows the field type. Export, template and
import all read these columns, so a sheet written by the export is a sheet the
import understands. Reference cells hold the target's title (readable for a
cadre) unless that title is ambiguous, then its id; the import accepts either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import fields as F
from ..model.fields import Ref
from ..model.kinds import KINDS, FieldNames, Kind, common_fields

SEP = "｜"   # separates the parts of a target or a source on one line
LIST_SEP = re.compile(r"[、，,；;\n]+")
LONG_ITEM = 60  # list items longer than this are written one per line

# Other words accepted on import (a kind's own ledger headers are its `sheet_headers`).
ALIASES = {
    "id": ("id", "序号编号", "ID"),
    "title": ("任务", "措施", "工作措施", "工作任务", "标题", "任务措施"),
    "summary": ("摘要", "简介", "内容"),
    "themes": ("所属主题",),
    "lead": ("牵头部门",),
    "partners": ("配合单位", "参与单位", "责任部门"),
    "phase": ("实施阶段",),
    "deadline": ("时限", "完成时间", "截止时间"),
    "targets": ("工作指标", "指标", "目标任务"),
    "basis": ("依据", "政策依据"),
    "body": ("工作措施内容", "做法"),
    "place.county": ("县", "区", "县区"),
    "place.town": ("乡镇", "街道", "镇"),
    "place.village": ("村", "社区"),
    "visibility": ("可见性",),
}
COMMON_FIELDS = tuple(common_fields())
CHOICE_WORDS = {"公开": "public", "内部": "internal"}  # Chinese words accepted for choice values


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # field name; "place.county" for a record's part
    form: str = "text"  # id | text | number | date | choice | refs | anyrefs | list | lines | records | fieldnames
    aliases: tuple = ()
    hint: str = ""  # how to write the cell, shown with errors and in the 说明 sheet
    required: bool = False


def _form(ftype: F.FieldType) -> str:
    if isinstance(ftype, FieldNames):
        return "fieldnames"
    if isinstance(ftype, F.RefTo):
        return "refs"
    if isinstance(ftype, F.AnyRef):
        return "anyrefs"
    if isinstance(ftype, F.TextList):
        return "list" if ftype.item.max_length <= LONG_ITEM else "lines"
    if isinstance(ftype, F.Record):
        return "records"
    if isinstance(ftype, F.Choice):
        return "choice"
    if isinstance(ftype, F.Date):
        return "date"
    if isinstance(ftype, (F.Integer, F.Number, F.Value)):
        return "number"
    return "text"


def _hint(ftype: F.FieldType, form: str) -> str:
    if form == "refs":
        label = KINDS[ftype.kind].label
        if ftype.single:
            return f"写一个{label}的名称或 id（可从下拉列表选）。"
        return f"写{label}的名称或 id，多个用顿号或换行分隔（可从下拉列表选）。"
    if form == "anyrefs":
        return "每行一个 `类型:id`，例如 `case:cw-jianning-shidian`。"
    if form == "list":
        return "多个用顿号分隔；某项本身含顿号时每行一项。"
    if form == "lines":
        return "每行一项。"
    if form == "fieldnames":
        return "写原文未写明、由编者推定的字段名称，例如 `牵头单位、完成时限`，多个用顿号分隔。"
    if form == "records":
        parts = SEP.join(f.label for f in ftype.fields.values())
        required = [f.label for f in ftype.fields.values() if f.required]
        return (f"每行一项：{parts}，后几项可省略" + (f"（{'、'.join(required)}必填）" if required else "")
                + (f"，例如 `覆盖率{SEP}80{SEP}%{SEP}2021`。" if "what" in ftype.fields else "。"))
    if form == "choice":
        return "只能是 " + "、".join(ftype.choices) + (
            "（也可写 公开、内部）" if set(ftype.choices) == set(CHOICE_WORDS.values()) else "") + " 之一。"
    if form == "date":
        return "写成 2021-06-30、2021-06 或 2021。"
    if form == "number":
        return "写数字。" if not isinstance(ftype, F.Value) else "写数字或简短文本，例如 80 或 全覆盖。"
    if isinstance(ftype, F.Markdown):
        return "可以分段；格式同 Markdown。"
    return f"文字，最长 {ftype.max_length} 字。" if isinstance(ftype, F.Text) else ""


def columns_for(kind: Kind) -> list[Column]:
    """The sheet columns of a kind: 编号, its own fields, the parts of single records, the common fields."""
    cols = [Column("编号", "id", "id", ALIASES["id"], "可留空，自动按标题拼音生成；要修改已有条目时填它的编号。")]
    parts: list[Column] = []
    for name, ftype in kind.fields.items():
        if isinstance(ftype, F.Record) and not ftype.many:
            for part, ptype in ftype.fields.items():
                key = f"{name}.{part}"
                parts.append(Column(ptype.label, key, _form(ptype), ALIASES.get(key, ()), _hint(ptype, _form(ptype))))
            continue
        header = kind.sheet_headers.get(name, ftype.label)
        aliases = tuple(a for a in (ftype.label, name, *ALIASES.get(name, ())) if a != header)
        form = _form(ftype)
        col = Column(header, name, form, aliases, _hint(ftype, form), ftype.required)
        if name in COMMON_FIELDS:  # the common fields close the row
            parts.append(col)
        else:
            cols.append(col)
    own = [c for c in parts if "." in c.field]
    common = [c for c in parts if "." not in c.field]
    return cols + own + common


class _Columns(dict):
    """kind name → its columns, derived when first asked for (so kinds registered later have them too)."""

    def __missing__(self, name: str) -> list[Column]:
        self[name] = columns_for(KINDS[name])
        return self[name]


COLUMNS: dict[str, list[Column]] = _Columns()


def record_keys(kind: Kind, name: str) -> tuple:
    return tuple(kind.fields[name].fields)




def _joined(parts: list[str]) -> str:
    while parts and not parts[-1]:
        parts.pop()
    return SEP.join(parts)


def name_keys(entry) -> set[str]:
    """Every text by which a cell may name an entry: id, title, aliases, document number."""
    keys = {entry.id, entry.title, *entry.data.get("aliases", [])}
    if entry.data.get("number"):
        keys.add(entry.data["number"])
    return {k.strip() for k in keys if isinstance(k, str)}


class RefNames:
    """Readable names for references: a title when it names one entry of its kind only, else the id."""

    def __init__(self, kb):
        self.kb = kb
        self._count: dict[tuple[str, str], int] = {}
        for entry in kb.entries.values():
            for key in name_keys(entry):
                self._count[(entry.kind.name, key)] = self._count.get((entry.kind.name, key), 0) + 1

    def of(self, entry) -> str:
        title = entry.title.strip()
        if self._count.get((entry.kind.name, title), 0) != 1 or "\n" in title:
            return entry.id
        return title

    def name(self, ref: Ref) -> str:
        entry = self.kb.entries.get((ref.kind, ref.id))
        return ref.id if entry is None else self.of(entry)


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
        if any(LIST_SEP.search(v) for v in value):
            return "\n".join(value)
        return "、".join(value)
    if column.form == "lines":
        return "\n".join(value)
    if column.form == "fieldnames":  # Chinese labels, read back by field_name()
        return "、".join(entry.kind.fields[n].label if n in entry.kind.fields else n for n in value)
    if column.form == "records":
        keys = record_keys(entry.kind, column.field)
        return "\n".join(_joined([str(r.get(k, "")) for k in keys]) for r in value)
    return str(value)


def field_name(kind: Kind, text: str) -> str:
    """A field's name from its name or its Chinese label (推定字段 cells hold labels)."""
    if text in kind.fields:
        return text
    return next((n for n, f in kind.fields.items() if f.label == text), text)


def rows(kb, kind: str, columns: list[Column] | None = None) -> list[list[str]]:
    """Header row plus one row per entry of the kind, in id order."""
    columns = columns or COLUMNS[kind]
    names = RefNames(kb)
    entries = sorted(kb.of_kind(kind), key=lambda e: e.id)
    return [[c.header for c in columns]] + [[cell(e, c, names) for c in columns] for e in entries]
