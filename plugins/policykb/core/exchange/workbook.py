"""The ledger workbook (台账): one sheet per kind, dropdowns, and a 说明 sheet.

The same builder writes the empty template and the export of the data, so
the template, the export and the import share one set of columns
(sheets.COLUMNS). Dropdown lists live on a hidden 取值 sheet behind named
ranges, so long lists (units, policies) work in Excel and WPS alike. The
bytes are reproducible: the same data gives the same file.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from ..model import fields as F
from ..model.kinds import KINDS
from .sheets import CHOICE_WORDS, COLUMNS, SEP, Column, RefNames, rows

SPARE_ROWS = 300      # rows below the data that still get dropdowns
INFO_SHEET = "说明"
LISTS_SHEET = "取值"


@dataclass
class Lists:
    """The dropdown lists: named ranges on the hidden 取值 sheet."""

    columns: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (name, header, values)

    def add(self, name: str, header: str, values: list[str]) -> str | None:
        if not values:
            return None
        if not any(n == name for n, _, _ in self.columns):
            self.columns.append((name, header, values))
        return name


def _lists(kb, names: RefNames) -> tuple[Lists, dict[tuple[str, str], str]]:
    """Every dropdown list, and which list each (kind, column field) takes."""
    lists = Lists()
    of_column: dict[tuple[str, str], str] = {}
    for kind in KINDS.values():
        for column in COLUMNS[kind.name]:
            ftype = kind.fields.get(column.field)
            name = None
            if column.form == "refs":
                target = KINDS[ftype.kind]
                values = sorted({names.of(e) for e in kb.of_kind(target.name)})
                name = lists.add(f"list_{target.name}", target.label, values)
            elif column.form == "anyrefs":
                name = lists.add("list_entry", "条目（类型:id）", sorted(f"{k}:{i}" for k, i in kb.entries))
            elif column.form == "choice":
                words = [w for w, v in CHOICE_WORDS.items() if v in ftype.choices]
                name = lists.add(f"list_{kind.name}_{column.field}", column.header, [*ftype.choices, *words])
            if name:
                of_column[(kind.name, column.field)] = name
    return lists, of_column


def _single(kind, column: Column) -> bool:
    ftype = kind.fields.get(column.field)
    return column.form == "choice" or (isinstance(ftype, F.RefTo) and ftype.single)


def workbook_bytes(kb, with_entries: bool = True) -> bytes:
    """The workbook: 说明, one sheet per kind (with the kb's entries, or empty for a template), 取值."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    from .export import _fixed_zip

    names = RefNames(kb)
    lists, of_column = _lists(kb, names)
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    bold, red = Font(bold=True), Font(bold=True, color="C00000")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for kind in KINDS.values():
        columns = COLUMNS[kind.name]
        table = rows(kb, kind.name, columns) if with_entries else [[c.header for c in columns]]
        ws = wb.create_sheet(kind.label)
        for row in table:
            ws.append(row)
        for column, c in zip(columns, ws[1]):
            c.font = red if column.required else bold
            c.fill = head_fill
            c.comment = Comment(("必填。" if column.required else "") + column.hint, "policykb")
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = wrap
        last = len(table) + SPARE_ROWS
        for i, column in enumerate(columns, start=1):
            letter = ws.cell(1, i).column_letter
            longest = max((len(r[i - 1]) for r in table[1:]), default=0)
            ws.column_dimensions[letter].width = max(10, min(50, max(longest, len(column.header) * 2) * 1.6 + 2))
            name = of_column.get((kind.name, column.field))
            if name is None:
                continue
            single = _single(kind, column)
            dv = DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=single,
                                showInputMessage=True, promptTitle=column.header[:32], prompt=column.hint[:255],
                                errorStyle="stop" if single else None,
                                errorTitle="取值无效" if single else None,
                                error=("请从下拉列表中选择。" + column.hint)[:255] if single else None)
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
        ws.freeze_panes = "C2" if len(columns) > 2 else "B2"
        if len(table) > 1:
            ws.auto_filter.ref = ws.dimensions
    _info_sheet(info, bold, red, wrap)
    values = wb.create_sheet(LISTS_SHEET)
    values.sheet_state = "hidden"
    for i, (name, header, items) in enumerate(lists.columns, start=1):
        values.cell(1, i, header).font = bold
        for j, item in enumerate(items, start=2):
            values.cell(j, i, item)
        letter = values.cell(1, i).column_letter
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(items) + 1}")
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


INTRO = [
    "台账填写说明",
    "每个工作表是一类条目（工作措施、典型案例、单位……），第一行是列名，从第二行起每行一个条目。不用的工作表可以留空或删去。",
    "红色列名为必填；把鼠标停在列名上可以看到怎么填。带下拉箭头的列可以从列表中选（主题、单位、政策文件等按名称列出）。",
    "「编号」可留空，导入时按标题拼音自动生成；同一个表里新加的单位、政策文件，其他表可以直接按名称引用。",
    "一格写多个值时用顿号（、）分隔，或每行一个（在单元格内按 Alt+Enter 换行）；"
    f"工作指标、来源等每行一项，各部分用全角竖线「{SEP}」分隔，例如 覆盖率{SEP}80{SEP}%{SEP}2021。",
    "日期写成 2021-06-30、2021-06 或 2021。可见范围写 public（公开）或 internal（内部），留空为公开。",
    "填好后运行：python3 scripts/sheets.py import 台账.xlsx --out data/导入/ 。"
    "任何一行有错时不写入任何内容，并逐条列出 工作表、行号、列名、错在哪里、怎么改。",
]


def _info_sheet(ws, bold, red, wrap) -> None:
    for i, text in enumerate(INTRO, start=1):
        c = ws.cell(i, 1, text)
        if i == 1:
            c.font = bold
    ws.append([])
    ws.append(["工作表", "列名", "必填", "怎么填"])
    for c in ws[ws.max_row]:
        c.font = bold
    for kind in KINDS.values():
        for column in COLUMNS[kind.name]:
            ws.append([kind.label, column.header, "是" if column.required else "", column.hint])
            if column.required:
                ws.cell(ws.max_row, 2).font = red
    ws.append([])
    ws.append(["类型名", "工作表", "YAML 中的写法"])
    for c in ws[ws.max_row]:
        c.font = bold
    for kind in KINDS.values():
        ws.append([kind.name, kind.label, f"{kind.plural}:"])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 8
    ws.column_dimensions["D"].width = 90
    for row in ws.iter_rows(min_row=len(INTRO) + 2):
        for c in row:
            c.alignment = wrap
