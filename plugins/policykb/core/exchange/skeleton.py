"""A new entry's skeleton in YAML: a fresh id, required fields to fill, optional ones commented out.

Field notes come from the editor schema (schema.py), so the skeleton, the
schema and the checker say the same thing about every field.
"""
from __future__ import annotations

import yaml

from ..model.fields import Record, RefTo
from ..model.kinds import Kind
from .schema import Context, field_schema

INDENT = "    "


def written_ids(paths) -> set[str]:
    """Every id written in these files, read or not (a draft with its required fields still empty)."""
    from ..load.loader import _ID_LINE
    out: set[str] = set()
    for path in paths:
        if path.is_file():
            out.update(m[1] for m in _ID_LINE.finditer(path.read_text(encoding="utf-8", errors="replace")))
    return out


def fresh_id(kind: Kind, kb, title: str = "", theme: str = "", taken: set = frozenset()) -> str:
    """The pinyin slug of the title (or kind-theme), made unique among the kind's ids and `taken`."""
    from ..load.slugs import slug_of
    base = slug_of(title) if title else "-".join(p for p in (kind.name, theme, "new") if p)
    taken = {e.id for e in kb.of_kind(kind.name)} | set(taken)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _scalar(text: str) -> str:
    """A text as a one-line YAML scalar, quoted only when it must be."""
    out = yaml.safe_dump(text, allow_unicode=True, width=10_000, default_style=None)
    return out.removesuffix("\n...\n").rstrip("\n")


def _note(ftype, ctx: Context) -> str:
    schema = field_schema(ftype, ctx)
    text = f"{ftype.label}。{schema.get('description', '')}".replace("必填。", "")
    return ("必填：" if ftype.required else "") + text


def skeleton(kind: Kind, kb, title: str = "", theme: str = "", taken: set = frozenset()) -> str:
    """The YAML lines of one list item, to go below the kind's top-level key (`measures:`)."""
    ctx = Context.of(kb)
    lines = [f"  - id: {fresh_id(kind, kb, title, theme, taken)}"]
    for name, ftype in kind.fields.items():
        value = ""
        if name == kind.title_field and title:
            value = _scalar(title)
        elif isinstance(ftype, RefTo) and ftype.kind == "theme" and theme:
            value = f"[{theme}]"
        note = _note(ftype, ctx)
        if isinstance(ftype, Record):
            lines += _record(name, ftype, ctx, note)
        elif value or ftype.required:
            lines.append(f"{INDENT}{name}: {value}".rstrip() + ("" if value else f"   # {note}"))
        else:
            lines.append(f"{INDENT}# {name}:   # {note}")
    return "\n".join(lines) + "\n"


def _record(name: str, ftype: Record, ctx: Context, note: str) -> list[str]:
    """A record (place, targets, source) with its parts; `source` is kept open: every entry names one."""
    keep = ftype.required or name == "source"
    mark = "" if keep else "# "
    out = [f"{INDENT}{mark}{name}:   # {note}"]
    dash = "- " if ftype.many else ""
    first = True
    for part, ptype in ftype.fields.items():
        lead = dash if first else " " * len(dash)
        first = False
        if ptype.required:
            out.append(f"{INDENT}{mark}  {lead}{part}:   # 必填：{ptype.label}")
        else:
            out.append(f"{INDENT}#   {lead}{part}:   # {ptype.label}")
    return out


def append_to(text: str, kind: Kind, item: str) -> str | None:
    """The file text with item appended under the kind's key, or None when that key is not last."""
    doc = yaml.safe_load(text) if text.strip() else None
    if doc is None:
        return (text.rstrip("\n") + "\n\n" if text.strip() else "") + f"{kind.plural}:\n{item}"
    if not isinstance(doc, dict):
        return None
    keys = list(doc)
    if kind.plural not in keys:
        return text.rstrip("\n") + f"\n\n{kind.plural}:\n{item}"
    if keys[-1] != kind.plural:
        return None
    return text.rstrip("\n") + "\n\n" + item
