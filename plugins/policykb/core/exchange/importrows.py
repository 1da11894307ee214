"""One ledger row into an entry: cells read by their column's form, names of other
entries resolved against the knowledge base and the workbook (see importer.py)."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..model import fields as F
from ..model.fields import ID_RE, Check
from ..model.kinds import KINDS, Kind
from ..model.problems import Problems
from .sheets import CHOICE_WORDS, LIST_SEP, SEP, Column, field_name, name_keys

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class Resolver:
    """Finds entries by id, title, alias or document number: in the knowledge base and in the workbook."""

    def __init__(self, kb):
        self.kb = kb
        self.names: dict[str, dict[str, set[str]]] = {}
        self.ids: set[tuple[str, str]] = set(kb.entries)
        for entry in kb.entries.values():
            self.add(entry.kind.name, entry.id, name_keys(entry))

    def add(self, kind: str, id_: str, keys) -> None:
        self.ids.add((kind, id_))
        table = self.names.setdefault(kind, {})
        for key in {id_, *keys}:
            if key and key.strip():
                table.setdefault(key.strip(), set()).add(id_)

    def find(self, kind: str, name: str) -> tuple[str | None, str]:
        """(id, "") when found, else (None, hint)."""
        table = self.names.get(kind, {})
        name = name.strip()
        ids = table.get(name)
        if ids and name in ids:
            return name, ""   # an id names its entry even when it is also another entry's title
        if ids and len(ids) == 1:
            return next(iter(ids)), ""
        label = KINDS[kind].label
        if ids:
            return None, f"有多个{label}叫这个名字，请改写 id：" + "、".join(sorted(ids)) + "。"
        close = difflib.get_close_matches(name, [k for k in table if not ID_RE.match(k)], n=2, cutoff=0.6)
        if close:
            return None, "是不是「" + "」或「".join(close) + "」？"
        return None, f"先在 data/ 中或本表的「{label}」工作表中添加这个{label}，或改写为已有{label}的名称或 id。"


def _refs(text: str, kind: str, resolver: Resolver, err) -> list[str]:
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        found, hint = resolver.find(kind, line)
        if found:
            out.append(found)
            continue
        parts = [p.strip() for p in LIST_SEP.split(line) if p.strip()]
        for part in parts if len(parts) > 1 else [line]:
            found, hint = resolver.find(kind, part)
            if found:
                out.append(found)
            else:
                err(f"找不到{KINDS[kind].label}「{part}」。", hint)
    return out


def _value(text: str):
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def _records(text: str, record: F.Record, err, hint: str) -> list[dict]:
    keys = tuple(record.fields)
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(SEP)]
        if len(parts) > len(keys):
            err(f"「{line}」分成了 {len(parts)} 段，最多 {len(keys)} 段。", hint)
            continue
        item = {k: v for k, v in zip(keys, parts) if v}
        for k, v in item.items():
            if isinstance(record.fields[k], (F.Value, F.Number, F.Integer)):
                item[k] = _value(v)
        if item:
            out.append(item)
    return out


def list_cell(text: str, column: Column) -> list[str]:
    if column.form == "lines" or "\n" in text:
        return [t.strip() for t in text.splitlines() if t.strip()]
    return [t.strip() for t in LIST_SEP.split(text) if t.strip()]


@dataclass
class Row:
    """A data row with the id it will have, known before any row is converted."""

    kind: Kind
    sheet: str              # prefix of messages: 工作表「单位」 or ""
    number: int
    cells: dict[Column, str]
    id: str = ""
    explicit: bool = False
    ok: bool = True         # False when its id is wrong: its cells are still checked, it is not written


def row_cells(row: list[str], columns: dict[int, Column]) -> dict[Column, str]:
    return {c: (row[i] if i < len(row) else "").strip() for i, c in columns.items()}


def row_to_entry(row: Row, path: Path, resolver: Resolver, problems: Problems) -> dict | None:
    """One row → an entry mapping in schema order, or None when the row is bad."""
    kind, rownum = row.kind, row.number
    before = len(problems.errors)
    item: dict = {}
    failed: set[str] = set()
    for column, text in row.cells.items():
        if not text or column.field == "id":
            continue

        def err(message, hint="", column=column):
            failed.add(column.field)
            problems.error(path, rownum, f"{row.sheet}第 {rownum} 行「{column.header}」列：{message}",
                           hint or column.hint)

        ftype = kind.fields.get(column.field.split(".")[0])
        if column.form == "refs":
            found = _refs(text, ftype.kind, resolver, err)
            if found:
                item[column.field] = found[0] if ftype.single and len(found) == 1 else found
        elif column.form == "anyrefs":
            refs = [t.strip() for t in LIST_SEP.split(text) if t.strip()]
            for ref in refs:
                k, _, rid = ref.partition(":")
                if k in KINDS and (k, rid.split("#")[0]) not in resolver.ids:
                    err(f"找不到条目 `{ref}`。", column.hint)
            item[column.field] = refs
        elif column.form in ("list", "lines"):
            item[column.field] = list_cell(text, column)
        elif column.form == "fieldnames":
            item[column.field] = [field_name(kind, t) for t in list_cell(text, column)]
        elif column.form == "records":
            item[column.field] = _records(text, ftype, err, column.hint)
        elif "." in column.field:
            record, part = column.field.split(".", 1)
            item.setdefault(record, {})[part] = text
        elif column.form == "number":
            item[column.field] = _value(text)
        elif column.form == "choice":
            item[column.field] = CHOICE_WORDS.get(text, text)
        else:
            item[column.field] = text
    if not item and not row.explicit:
        return None  # an empty row
    for column in row.cells:
        if column.required and column.field not in item and column.field not in failed:
            problems.error(path, rownum, f"{row.sheet}第 {rownum} 行「{column.header}」列：必须填写。",
                           f"每条{kind.label}都要填写：" + "、".join(c.header for c in row.cells if c.required) + "。")
    # the schema's own checks (dates, lengths, choices, records) with the column as the field name
    headers = {c.field.split(".")[0]: c.header for c in row.cells}
    for name, value in item.items():
        ftype = kind.fields.get(name)
        if ftype is None or isinstance(ftype, (F.RefTo, F.AnyRef)):
            continue
        sink = Problems()
        ftype.check(value, Check(sink, str(path), rownum, headers.get(name, ftype.label)))
        for p in sink.errors:
            message = p.message.replace("字段 `", "「", 1).replace("`：", "」列：", 1)
            problems.error(path, rownum, f"{row.sheet}第 {rownum} 行{message}", p.hint)
    if len(problems.errors) > before:
        return None
    ordered = {"id": row.id}
    ordered.update({name: item[name] for name in kind.fields if name in item and item[name] not in ([], {})})
    return ordered
