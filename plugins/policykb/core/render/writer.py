"""PageWriter: field values of entries as Markdown on one page (links relative to that page)."""
from __future__ import annotations

from ..model.entries import Entry, KnowledgeBase
from ..model.fields import AnyRef, Markdown, Record, Ref, RefTo, TextList
from ..model.kinds import KINDS, PLACE
from .links import entry_link, resolve_xrefs
from .text import esc, safe_markdown


class PageWriter:
    """Renders one page; knows the page's own path for relative links."""

    def __init__(self, kb: KnowledgeBase, uri: str):
        self.kb, self.uri = kb, uri

    def link(self, entry: Entry, label: str | None = None) -> str:
        return entry_link(entry, self.uri, label)

    def ref(self, ref: Ref) -> str:
        target = self.kb.resolve(ref)
        return entry_link(target, self.uri, anchor=ref.anchor) if target else esc(ref.id)

    def markdown(self, text: str) -> str:
        return resolve_xrefs(safe_markdown(text), self.uri, self.kb)

    def markdown_at(self, text: str, level: int) -> str:
        """A Markdown field placed below a heading of this level."""
        return resolve_xrefs(safe_markdown(text, heading_base=level), self.uri, self.kb)

    # -- inline values (facts table) --
    def inline(self, ftype, value) -> str:
        if isinstance(ftype, (RefTo, AnyRef)):
            return "、".join(self.ref(r) for r in ftype.refs(value))
        if isinstance(ftype, TextList):
            return "、".join(esc(v) for v in value)
        if isinstance(ftype, Record) and not ftype.many:
            return esc(record_text(ftype, value))
        return esc(value)

    # -- block values (sections) --
    def block(self, ftype, value) -> str:
        if isinstance(ftype, Record):
            return record_table(ftype, value if ftype.many else [value])
        if isinstance(ftype, Markdown):
            return self.markdown(value)
        if isinstance(ftype, AnyRef):
            return "\n".join(f"- {KINDS[r.kind].label}：{self.ref(r)}" for r in value)
        if isinstance(ftype, RefTo):
            return "\n".join(f"- {self.ref(r)}" for r in ftype.refs(value))
        if isinstance(ftype, TextList):
            return "\n".join(f"{i}. {esc(v)}" for i, v in enumerate(value, 1))
        return esc(value)


def record_text(record: Record, value: dict) -> str:
    """A record on one line: its parts joined in field order (a place: 省市县乡村)."""
    return "".join(str(value.get(k, "")) for k in record.fields)


def record_table(record: Record, values: list[dict]) -> str:
    """Records as a table: one column per `record.columns` group (its subfields joined, empty
    when the first is absent), headed by the first subfield's label."""
    columns = record.columns or tuple((name,) for name in record.fields)
    rows = ["| " + " | ".join(record.fields[c[0]].label for c in columns) + " |", "|" + "---|" * len(columns)]
    for value in values:
        cells = ["".join(str(value.get(k, "")) for k in c) if c[0] in value else "" for c in columns]
        rows.append("| " + " | ".join(esc(cell) for cell in cells) + " |")
    return "\n".join(rows)


def place_text(place: dict) -> str:
    return record_text(PLACE, place)


def source_text(source: dict) -> str:
    text = f"{source['doc']}，{source['article']}"
    extra = "，".join(source[k] for k in ("place", "note") if source.get(k))
    return f"{text}（{extra}）" if extra else text
