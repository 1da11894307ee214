"""Import measures from a spreadsheet (工作台账) into YAML entries.

Each row becomes one measure. Columns are found by their Chinese headers
(aliases allowed, see sheets.MEASURE_COLUMNS); names of themes, units and
policies are resolved against the existing knowledge base. Every bad cell is
reported with its row number and column header; the caller decides whether
bad rows stop everything (the default) or are skipped.
"""
from __future__ import annotations

import csv
import io
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fields import ID_RE, MAX_ID, Check
from .kinds import KINDS
from .problems import Problems
from .sheets import LIST_SEP, MEASURE_COLUMNS, SEP, SOURCE_KEYS, TARGET_KEYS, Column, field_name

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass
class ImportResult:
    entries: list[dict] = field(default_factory=list)   # good rows, as YAML mappings
    bad_rows: list[int] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def read_table(path: Path, problems: Problems) -> list[list[str]] | None:
    """Rows of the first sheet (XLSX) or of a CSV file, as text."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook
            wb = load_workbook(path, read_only=True, data_only=True)
            ws = wb.worksheets[0]
            table = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            wb.close()
            return table
        if path.suffix.lower() == ".csv":
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except Exception as exc:  # a damaged file: report, never a traceback
        problems.error(path, 0, f"无法读取表格：{exc.__class__.__name__}。", "用 Excel 或 WPS 另存为 .xlsx 或 .csv 后再试。")
        return None
    problems.error(path, 0, f"不支持的文件类型 `{path.suffix}`。", "请提供 .xlsx 或 .csv 文件。")
    return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _normal(header: str) -> str:
    return re.sub(r"[\s（）()/、*：:]", "", header or "")


def match_columns(header: list[str], path: Path, problems: Problems) -> dict[int, Column] | None:
    by_name: dict[str, Column] = {}
    for column in MEASURE_COLUMNS:
        for name in (column.header, *column.aliases):
            by_name[_normal(name)] = column
    found: dict[int, Column] = {}
    for i, text in enumerate(header):
        if not (text or "").strip():
            continue
        column = by_name.get(_normal(text))
        if column is None:
            close = difflib.get_close_matches(_normal(text), list(by_name), n=1, cutoff=0.5)
            problems.error(path, 1, f"第 1 行：不认识的列名「{text}」。",
                           (f"是不是「{by_name[close[0]].header}」？" if close else "")
                           + "可用列名：" + "、".join(c.header for c in MEASURE_COLUMNS) + "。")
            continue
        if column in found.values():
            problems.error(path, 1, f"第 1 行：列「{column.header}」出现了两次。", "删去重复的一列。")
            continue
        found[i] = column
    if not any(c.field == "title" for c in found.values()):
        problems.error(path, 1, "第 1 行：缺少「任务/措施」列。", "第一行是列名，至少要有「任务/措施」和「主题」两列。")
        return None
    return found


class Resolver:
    """Finds entries of the knowledge base by id, title, alias or document number."""

    def __init__(self, kb):
        self.kb = kb
        self.names: dict[str, dict[str, set[str]]] = {}
        for entry in kb.entries.values():
            keys = {entry.id, entry.title, *entry.data.get("aliases", [])}
            if entry.data.get("number"):
                keys.add(entry.data["number"])
            table = self.names.setdefault(entry.kind.name, {})
            for key in keys:
                table.setdefault(key.strip(), set()).add(entry.id)

    def find(self, kind: str, name: str) -> tuple[str | None, str]:
        """(id, "") when found, else (None, hint)."""
        table = self.names.get(kind, {})
        ids = table.get(name.strip())
        if ids and len(ids) == 1:
            return next(iter(ids)), ""
        label = KINDS[kind].label
        if ids:
            return None, f"有多个{label}叫这个名字，请改写 id：" + "、".join(sorted(ids)) + "。"
        close = difflib.get_close_matches(name, [k for k in table if not ID_RE.match(k)], n=2, cutoff=0.5)
        if close:
            return None, "是不是「" + "」或「".join(close) + "」？"
        return None, f"先在 data/ 中添加这个{label}，或改写为已有{label}的名称或 id。"


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


def _parts(line: str, keys: tuple, err, hint: str) -> dict | None:
    parts = [p.strip() for p in line.split(SEP)]
    if len(parts) > len(keys):
        err(f"「{line}」分成了 {len(parts)} 段，最多 {len(keys)} 段。", hint)
        return None
    return {k: v for k, v in zip(keys, parts) if v}


def _value(text: str):
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def row_to_measure(row: list[str], columns: dict[int, Column], rownum: int, path: Path,
                   resolver: Resolver, problems: Problems) -> dict | None:
    """One row → a measure mapping in schema order, or None when the row is bad."""
    kind = KINDS["measure"]
    before = len(problems.errors)
    item: dict = {}
    for i, column in columns.items():
        text = (row[i] if i < len(row) else "").strip()
        if not text:
            continue

        def err(message, hint="", column=column):
            problems.error(path, rownum, f"第 {rownum} 行「{column.header}」列：{message}", hint or column.hint)

        if column.field == "id":
            if not ID_RE.match(text) or len(text) > MAX_ID:
                err(f"编号 `{text}` 不合法。", "编号只能由小写字母、数字和连字符组成，例如 `cw-xuanju-chengxu`；也可以留空，自动生成。")
            else:
                item["id"] = text
        elif column.form == "refs":
            target = kind.fields[column.field].kind
            item[column.field] = _refs(text, target, resolver, err)
        elif column.form == "anyrefs":
            refs = [t.strip() for t in LIST_SEP.split(text) if t.strip()]
            for ref in refs:
                k, _, rid = ref.partition(":")
                if (k, rid.split("#")[0]) not in resolver.kb.entries:
                    err(f"找不到条目 `{ref}`。", column.hint)
            item[column.field] = refs
        elif column.form == "list":
            item[column.field] = [t.strip() for t in LIST_SEP.split(text) if t.strip()]
        elif column.form == "fieldnames":
            item[column.field] = [field_name(kind, t.strip()) for t in LIST_SEP.split(text) if t.strip()]
        elif column.form == "targets":
            targets = [_parts(line, TARGET_KEYS, err, column.hint) for line in text.splitlines() if line.strip()]
            for t in targets:
                if t is not None and "value" in t:
                    t["value"] = _value(t["value"])
            item[column.field] = [t for t in targets if t]
        elif column.form == "sources":
            sources = [_parts(line, SOURCE_KEYS, err, column.hint) for line in text.splitlines() if line.strip()]
            item[column.field] = [s for s in sources if s]
        elif "." in column.field:
            record, part = column.field.split(".", 1)
            item.setdefault(record, {})[part] = text
        else:
            item[column.field] = text
    if not item:
        return None  # an empty row
    for name in ("title", "themes", "summary"):
        if not item.get(name):
            label = next((c.header for c in MEASURE_COLUMNS if c.field == name), name)
            problems.error(path, rownum, f"第 {rownum} 行「{label}」列：必须填写。",
                           "每条措施至少要有任务/措施、主题和概述。")
    # the schema's own checks (dates, lengths, choices, records) with the column as the field name
    headers = {c.field.split(".")[0]: c.header for c in MEASURE_COLUMNS}
    for name, value in item.items():
        ftype = kind.fields.get(name)
        if ftype is None or name in ("themes", "lead", "partners", "basis", "related"):
            continue
        sink = Problems()
        ftype.check(value, Check(sink, str(path), rownum, headers.get(name, name)))
        for p in sink.errors:
            problems.error(path, rownum, f"第 {rownum} 行{p.message.replace('字段 `', '「', 1).replace('`：', '」列：', 1)}",
                           p.hint)
    if len(problems.errors) > before:
        return None
    ordered = {"id": item["id"]} if "id" in item else {}
    ordered.update({name: item[name] for name in kind.fields if name in item and item[name] not in ([], {})})
    return ordered


def import_rows(table: list[list[str]], path: Path, kb, problems: Problems,
                existing: set[str] | None = None) -> ImportResult:
    """Rows → measures. `existing` are ids already taken (default: the knowledge base's measures)."""
    result = ImportResult(problems=problems)
    if not table:
        problems.error(path, 0, "表格是空的。", "第一行写列名，从第二行起每行一条措施。")
        return result
    columns = match_columns(table[0], path, problems)
    if columns is None:
        return result
    resolver = Resolver(kb)
    taken = {e.id for e in kb.of_kind("measure")} if existing is None else set(existing)
    seen: dict[str, int] = {}
    for rownum, row in enumerate(table[1:], start=2):
        before = len(problems.errors)
        measure = row_to_measure(row, columns, rownum, path, resolver, problems)
        if measure is not None and "id" in measure:
            if measure["id"] in taken:
                problems.error(path, rownum, f"第 {rownum} 行「编号」列：`{measure['id']}` 已被 data/ 中的工作措施使用。",
                               "换一个编号，或留空自动生成；要修改已有措施请直接编辑它的 YAML 文件。")
                measure = None
            elif measure["id"] in seen:
                problems.error(path, rownum, f"第 {rownum} 行「编号」列：`{measure['id']}` 与第 {seen[measure['id']]} 行重复。",
                               "每行的编号必须不同。")
                measure = None
            else:
                seen[measure["id"]] = rownum
        if measure is not None:
            result.entries.append(measure)
        elif len(problems.errors) > before:
            result.bad_rows.append(rownum)
    _assign_ids(result.entries, taken | set(seen))
    return result


def _assign_ids(entries: list[dict], taken: set[str]) -> None:
    from .loader import _slug
    for i, entry in enumerate(entries):
        if "id" in entry:
            continue
        base = _slug(entry["title"])
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        entries[i] = {"id": candidate, **entry}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(entries: list[dict], origin: str) -> str:
    head = f"# 由 scripts/import_measures.py 从 {origin} 导入；可直接编辑。\n"
    return head + yaml.dump({"measures": entries}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=1000, default_flow_style=None)
