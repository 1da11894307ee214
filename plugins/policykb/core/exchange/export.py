"""Build-time exports: measures and Q&A as CSV and XLSX, the public knowledge base as JSON.

Every file is byte-reproducible: rows in id order, fixed timestamps inside
the XLSX zip, JSON keys in schema order. The knowledge base handed in is the
one of the build's profile, so a public build exports public entries only.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from ..model.fields import Ref
from ..model.kinds import KINDS
from .sheets import COLUMNS, rows

FIXED_TIME = (2000, 1, 1, 0, 0, 0)
_CORE_TIMES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")



def sheets() -> dict[str, tuple]:
    """{file stem: (kind, columns, sheet title)} of every kind with a `ledger` (a downloadable sheet)."""
    return {k.plural: (k.name, COLUMNS[k.name], k.label) for k in KINDS.values() if k.ledger}


def csv_bytes(table: list[list[str]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table)
    return "\ufeff".encode("utf-8") + buf.getvalue().encode("utf-8")


def xlsx_bytes(table: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in table:
        ws.append(row)
    for c in ws[1]:
        c.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap
    for i, _header in enumerate(table[0], start=1):
        longest = max((len(r[i - 1]) for r in table[1:]), default=0)
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(8, min(50, longest * 1.6 + 2))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the XLSX zip with fixed timestamps, so the same data gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIMES.sub(r"\g<1>2000-01-01T00:00:00Z\2", body.decode("utf-8")).encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def _plain(value):
    if isinstance(value, Ref):
        return f"{value.kind}:{value.id}" + (f"#{value.anchor}" if value.anchor else "")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def entry_json(entry, kb) -> dict:
    out = {"id": entry.id}
    for name in entry.kind.fields:
        if name in entry.data:
            out[name] = _plain(entry.data[name])
    if entry.key in kb.updated:
        out["updated"] = kb.updated[entry.key]
    return out


def knowledge_base_json(kb) -> bytes:
    doc = {"format": "policykb/1",
           "kinds": {k.plural: [entry_json(e, kb) for e in sorted(kb.of_kind(name), key=lambda e: e.id)]
                     for name, k in KINDS.items()}}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


JSON_EXPORT = "exports/knowledge-base.json"


def export_labels() -> dict[str, str]:
    """{path in the site: Chinese label} of every export, without making them."""
    out: dict[str, str] = {}
    for stem, (_kind, _columns, label) in sheets().items():
        out[f"exports/{stem}.csv"] = f"{label}（CSV）"
        out[f"exports/{stem}.xlsx"] = f"{label}（Excel）"
    out[JSON_EXPORT] = "全部公开数据（JSON）"
    return out


def write_exports(kb, out_dir) -> dict[str, str]:
    """Write every export below out_dir; returns {relative path: Chinese label}."""
    out = Path(out_dir)
    (out / "exports").mkdir(parents=True, exist_ok=True)
    for stem, (kind, columns, label) in sheets().items():
        table = rows(kb, kind, columns)
        (out / f"exports/{stem}.csv").write_bytes(csv_bytes(table))
        (out / f"exports/{stem}.xlsx").write_bytes(xlsx_bytes(table, label))
    (out / JSON_EXPORT).write_bytes(knowledge_base_json(kb))
    return export_labels()
