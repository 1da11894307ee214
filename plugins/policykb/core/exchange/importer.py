"""Import entries of any kind from a spreadsheet (工作台账) into YAML.

A workbook holds one sheet per kind (named after the kind: 工作措施, 单位 …,
see sheets.COLUMNS); a CSV file or a single-sheet ledger holds one kind.
Columns are found by their Chinese headers (aliases allowed); names of
themes, units, policies and other entries are resolved against the existing
knowledge base and against the rows of the workbook itself, so a new unit and
the measures it leads can come in together. Every bad cell is reported with
its sheet, row number and column header; the caller decides whether bad rows
stop everything (the default) or are skipped.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.fields import ID_RE, MAX_ID
from ..model.kinds import KINDS, Kind
from ..model.problems import Problems
from .encoding import decode_text
from .importrows import Resolver, Row, list_cell, row_cells, row_to_entry
from .sheets import COLUMNS, Column
from .yamlout import kinds_yaml, to_yaml

__all__ = ["ImportResult", "Sheet", "import_rows", "import_workbook", "kinds_yaml", "read_sheets", "read_table",
           "to_yaml"]

NOT_DATA = ("说明", "取值")  # sheets of the template that hold no entries


@dataclass
class Sheet:
    name: str                   # the worksheet's title ("" for a CSV file)
    table: list[list[str]]


@dataclass
class ImportResult:
    by_kind: dict[str, list[dict]] = field(default_factory=dict)   # kind → good rows, as YAML mappings
    bad_rows: list[int] = field(default_factory=list)
    bad: list[tuple[str, int]] = field(default_factory=list)       # (sheet prefix, row) of bad rows
    problems: Problems = field(default_factory=Problems)

    def bad_text(self) -> str:
        """The bad rows for a message: 第 3、5 行, or 工作表「单位」第 2 行；工作表「问答」第 4、6 行."""
        groups: dict[str, list[str]] = {}
        for sheet, number in self.bad:
            groups.setdefault(sheet, []).append(str(number))
        return "；".join(f"{sheet}第 {'、'.join(nums)} 行" for sheet, nums in groups.items())

    @property
    def entries(self) -> list[dict]:
        return [e for items in self.by_kind.values() for e in items]


def read_sheets(path: Path, problems: Problems) -> list[Sheet] | None:
    """Every sheet of an XLSX workbook, or the one table of a CSV file, as text."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook
            wb = load_workbook(path, read_only=True, data_only=True)
            sheets = [Sheet(ws.title, [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)])
                      for ws in wb.worksheets]
            wb.close()
            return sheets
        if path.suffix.lower() == ".csv":
            decoded = decode_text(path.read_bytes())
            if decoded is None:
                problems.error(path, 0, "CSV 文件既不是 UTF-8 也不是 GB18030（GBK）编码，无法读取。",
                               "在 Excel 或 WPS 中另存为“CSV UTF-8”，或直接导入 .xlsx 文件。")
                return []
            return [Sheet("", [row for row in csv.reader(io.StringIO(decoded[0], newline=""))])]
    except Exception as exc:  # a damaged file: report, never a traceback
        problems.error(path, 0, f"无法读取表格：{exc.__class__.__name__}。",
                       "用 Excel 或 WPS 另存为 .xlsx 或 .csv 后再试。")
        return None
    problems.error(path, 0, f"不支持的文件类型 `{path.suffix}`。", "请提供 .xlsx 或 .csv 文件。")
    return None


def read_table(path: Path, problems: Problems) -> list[list[str]] | None:
    """Rows of the first sheet (XLSX) or of a CSV file, as text."""
    sheets = read_sheets(path, problems)
    return sheets[0].table if sheets else None


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


def kind_of_sheet(name: str) -> Kind | None:
    name = name.strip()
    return next((k for k in KINDS.values() if name in (k.label, k.plural, k.name)), None)


def _by_name(kind: Kind) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for column in COLUMNS[kind.name]:
        for name in (column.header, *column.aliases):
            out.setdefault(_normal(name), column)
    return out


def guess_kind(header: list[str]) -> Kind | None:
    """The kind whose columns a header row matches best (its title column must be there)."""
    best, score = None, 0
    headers = {_normal(h) for h in header}
    for kind in KINDS.values():
        names = _by_name(kind)
        found = {names[h].field for h in headers if h in names}
        if kind.title_field not in found:
            continue
        title = next(c for c in COLUMNS[kind.name] if c.field == kind.title_field)
        points = len(found) + (5 if _normal(title.header) in headers else 0)  # its own title header counts most
        if points > score:
            best, score = kind, points
    return best


def match_columns(header: list[str], kind: Kind, path: Path, problems: Problems,
                  where: str = "") -> dict[int, Column] | None:
    by_name = _by_name(kind)
    columns = COLUMNS[kind.name]
    found: dict[int, Column] = {}
    for i, text in enumerate(header):
        if not (text or "").strip():
            continue
        column = by_name.get(_normal(text))
        if column is None:
            close = difflib.get_close_matches(_normal(text), list(by_name), n=1, cutoff=0.5)
            problems.error(path, 1, f"{where}第 1 行：不认识的列名「{text}」。",
                           (f"是不是「{by_name[close[0]].header}」？" if close else "")
                           + "可用列名：" + "、".join(c.header for c in columns) + "。")
            continue
        if column in found.values():
            problems.error(path, 1, f"{where}第 1 行：列「{column.header}」出现了两次。", "删去重复的一列。")
            continue
        found[i] = column
    have = {c.field for c in found.values()}
    missing = [c.header for c in columns if c.required and c.field not in have]
    if kind.title_field not in have:
        problems.error(path, 1, f"{where}第 1 行：缺少{'、'.join(f'「{m}」' for m in missing)}列。",
                       f"第一行是列名；每条{kind.label}必须填写：{'、'.join(missing)}。")
        return None
    if missing:
        problems.error(path, 1, f"{where}第 1 行：缺少必填的{'、'.join(f'「{m}」' for m in missing)}列。",
                       f"加上这些列；每条{kind.label}都要填写。")
    return found


def _data_sheets(sheets: list[Sheet], path: Path, problems: Problems, kind: str | None):
    """(kind, sheet) pairs to import; sheets named after no kind are reported, unless there is only one."""
    data = [s for s in sheets if s.name.strip() not in NOT_DATA and any(any(c.strip() for c in r) for r in s.table)]
    named = [(kind_of_sheet(s.name), s) for s in data]
    if len(data) == 1 and named[0][0] is None:
        sheet = data[0]
        found = KINDS.get(kind) if kind else guess_kind(sheet.table[0] if sheet.table else [])
        if found is None:
            problems.error(path, 1, f"看不出工作表「{sheet.name or path.name}」是哪一类条目。",
                           "把工作表改名为条目类型（" + "、".join(k.label for k in KINDS.values())
                           + "），或在命令中加 --kind，例如 --kind measure。")
            return []
        return [(found, sheet)]
    out = []
    for found, sheet in named:
        if found is None:
            problems.error(path, 0, f"不认识的工作表「{sheet.name}」。",
                           "工作表名应为条目类型：" + "、".join(k.label for k in KINDS.values())
                           + "；不导入的表请删去。")
        elif kind and found.name != kind:
            continue
        else:
            out.append((found, sheet))
    return out


def import_workbook(sheets: list[Sheet], path: Path, kb, problems: Problems, kind: str | None = None,
                    existing: set[tuple[str, str]] | None = None) -> ImportResult:
    """Sheets → entries by kind. `existing` are (kind, id) already taken (default: the knowledge base's)."""
    result = ImportResult(problems=problems)
    chosen = _data_sheets(sheets, path, problems, kind)
    if not chosen and not problems.errors:
        problems.error(path, 0, "表格是空的。", "第一行写列名，从第二行起每行一个条目。")
    taken = set(kb.entries) if existing is None else set(existing)
    resolver = Resolver(kb)
    rows: list[Row] = []
    for found, sheet in chosen:
        prefix = f"工作表「{sheet.name}」" if len(chosen) > 1 else ""
        columns = match_columns(sheet.table[0], found, path, problems, prefix) if sheet.table else None
        if columns is None:
            continue
        for rownum, raw in enumerate(sheet.table[1:], start=2):
            cells = row_cells(raw, columns)
            if any(cells.values()):
                rows.append(Row(found, prefix, rownum, cells))
    _assign_ids(rows, taken, path, problems)
    for row in rows:
        if not row.ok:
            continue  # a refused row (its id is taken, say) names nothing: names keep meaning data/'s entries
        title = next((t for c, t in row.cells.items() if c.field == row.kind.title_field), "")
        keys = {title, row.cells.get(_col(row, "number"), "")}
        keys.update(list_cell(row.cells.get(_col(row, "aliases"), ""), Column("", "aliases", "list")))
        resolver.add(row.kind.name, row.id, {k for k in keys if k})
    for row in rows:
        entry = row_to_entry(row, path, resolver, problems)
        if entry is not None and row.ok:
            result.by_kind.setdefault(row.kind.name, []).append(entry)
        else:
            result.bad_rows.append(row.number)
            result.bad.append((row.sheet, row.number))
    return result


def _col(row: Row, name: str) -> Column | None:
    return next((c for c in row.cells if c.field == name), None)


def _assign_ids(rows: list[Row], taken: set, path: Path, problems: Problems) -> None:
    """Explicit ids are checked (valid, not taken, not repeated); the other rows get a pinyin slug."""
    from ..load.slugs import slug_of
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        column = _col(row, "id")
        text = row.cells.get(column, "") if column else ""
        if not text:
            continue
        row.explicit = True

        def err(message, hint, row=row, column=column):  # called at once: binds this iteration's row and column
            row.ok = False
            problems.error(path, row.number, f"{row.sheet}第 {row.number} 行「{column.header}」列：{message}", hint)

        key = (row.kind.name, text)
        if not ID_RE.match(text) or len(text) > MAX_ID:
            err(f"编号 `{text}` 不合法。",
                "编号只能由小写字母、数字和连字符组成，例如 `cw-xuanju-chengxu`；也可以留空，自动生成。")
        elif key in taken:
            err(f"`{text}` 已被 data/ 中的{row.kind.label}使用。",
                f"换一个编号，或留空自动生成；要修改已有{row.kind.label}请直接编辑它的 YAML 文件。")
        elif key in seen:
            err(f"`{text}` 与第 {seen[key]} 行重复。", "每行的编号必须不同。")
        else:
            seen[key] = row.number
            row.id = text
    used = taken | set(seen)
    for row in rows:
        if row.id:
            continue
        title = next((t for c, t in row.cells.items() if c.field == row.kind.title_field), "")
        if not title:
            row.id = f"{row.kind.name}-row-{row.number}"  # only so its other cells are checked; the row is bad
            continue
        base = slug_of(title)
        candidate, n = base, 1
        while (row.kind.name, candidate) in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add((row.kind.name, candidate))
        row.id = candidate


def import_rows(table: list[list[str]], path: Path, kb, problems: Problems,
                existing: set[str] | None = None, kind: str = "measure") -> ImportResult:
    """One table of one kind (the measures ledger). `existing` are ids of that kind already taken."""
    taken = None if existing is None else {(kind, i) for i in existing}
    if not table:
        problems.error(path, 0, "表格是空的。", "第一行写列名，从第二行起每行一条。")
        return ImportResult(problems=problems)
    return import_workbook([Sheet("", table)], path, kb, problems, kind=kind, existing=taken)
