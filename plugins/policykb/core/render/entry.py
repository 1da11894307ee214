"""The page of one entry: lead, facts table, sections, kind-specific sections, related entries, backlinks, sources."""
from __future__ import annotations

import html
from collections import OrderedDict
from functools import lru_cache

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import KINDS, THEME, generation
from .hooks import HIDDEN_BACKLINKS, SECTIONS
from .links import by_title, entry_link, heading, kind_index_uri, rel
from .text import esc, raw_html
from .writer import PageWriter, source_text

INFERRED_MARK = " ※推定"


def render_entry(kb: KnowledgeBase, entry: Entry) -> str:
    w = PageWriter(kb, entry.src_uri)
    kind = entry.kind
    out = heading(entry.title)
    out[4:4] = breadcrumb(kb, entry)
    summary_field = kind.fields.get(kind.summary_field) if kind.summary_field else None
    if summary_field is not None and entry.data.get(kind.summary_field):
        out += [esc(entry.data[kind.summary_field]), "{ .kb-lead }", ""]
    inferred = set(entry.data.get("inferred") or [])
    facts = [("类型", kind.label)]
    for name, ftype in kind.fields.items():
        if ftype.show == "meta" and name in entry.data and entry.data[name] not in ([], None, ""):
            facts.append((ftype.label, w.inline(ftype, entry.data[name]) + (INFERRED_MARK if name in inferred else "")))
    if entry.key in kb.updated:
        facts.append(("最后更新", kb.updated[entry.key]))
    out += ["| 项目 | 内容 |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts] + [""]
    out += editor_note_lines(entry)
    for name, ftype in kind.fields.items():
        if ftype.show == "section" and entry.data.get(name):
            out += [f"## {ftype.label}", ""]
            if name in inferred:
                out += ["※ 本节内容由编者推定，原文未写明（见上方编者注）。", "{ .kb-inferred-note }", ""]
            out += [w.block(ftype, entry.data[name]), ""]
    for extra in SECTIONS.get(kind.name, []):
        out += extra(kb, w, entry)
    out += _related_section(kb, w, entry)
    out += _backlinks_section(kb, w, entry)
    out += sources_section(entry)
    return "\n".join(out)


def sources_section(entry: Entry) -> list[str]:
    sources = entry.data.get("source") or []
    return ["## 来源", ""] + [f"- {esc(source_text(s))}" for s in sources] + [""] if sources else []


def editor_note(entry: Entry) -> str:
    """The editors' note of an entry in plain text: their own words, else which fields they inferred."""
    labels = "、".join(entry.kind.fields[n].label for n in entry.data.get("inferred") or [])
    note = entry.data.get("editor_note", "")
    if labels:
        default = f"原文未写明{labels}，由编者按职责推定。"
        return f"{note}（标 ※ 的{labels}为编者推定。）" if note else default
    return note


def editor_note_lines(entry: Entry) -> list[str]:
    note = editor_note(entry)
    return [f"※ 编者注：{esc(note)}", "{ .kb-editor-note }", ""] if note else []


def breadcrumb(kb: KnowledgeBase, entry: Entry) -> list[str]:
    """Where an entry page sits, above its title: first theme (after its parent themes) › kind index › entry."""
    chain, theme = [], kb.get(THEME, entry.themes[0]) if entry.themes else None
    while theme is not None and theme not in chain:
        chain.insert(0, theme)
        theme = kb.resolve(theme.data["parent"]) if theme.data.get("parent") else None
    items = [entry_link(t, entry.src_uri) for t in chain]
    items.append(f"[{esc(entry.kind.label)}]({rel(entry.src_uri, kind_index_uri(entry.kind))})")
    items.append(raw_html(f'<span aria-current="page">{html.escape(" ".join(entry.title.split()))}</span>'))
    return [raw_html('<nav class="kb-breadcrumb" aria-label="当前位置">'), "",
            *[f"{n}. {item}" for n, item in enumerate(items, 1)], "", raw_html("</nav>"), ""]


def _related_section(kb: KnowledgeBase, w: PageWriter, entry: Entry) -> list[str]:
    """Related entries: the entry's own `related` list plus those that list it."""
    related: OrderedDict[tuple, Entry] = OrderedDict()
    for ref in entry.data.get("related") or []:
        target = kb.resolve(ref)
        if target:
            related[target.key] = target
    for link_ in kb.backlinks.get(entry.key, []):
        if link_.field == "related":
            related.setdefault(link_.source, kb.entries[link_.source])
    if not related:
        return []
    lines = ["## 相关条目", ""]
    lines += [f"- {e.kind.label}：{w.link(e)}" for e in related.values()]
    return lines + [""]


def backlink_groups(kb: KnowledgeBase, entry: Entry) -> OrderedDict[str, list[Entry]]:
    """Entries referring to this one, grouped by how they refer to it."""
    groups: dict[str, dict[tuple, Entry]] = {}
    hidden = HIDDEN_BACKLINKS.get(entry.kind.name, set())
    for link_ in kb.backlinks.get(entry.key, []):
        if link_.field == "related" or link_.field in hidden:
            continue
        source = kb.entries[link_.source]
        if link_.field:
            ftype = source.kind.fields[link_.field]
            label = getattr(ftype, "inverse", "") or f"{source.kind.label}（{ftype.label}）"
        else:
            label = f"在正文中提及的{source.kind.label}"
        groups.setdefault(label, {})[source.key] = source
    by_field = {key for label, members in groups.items() if not label.startswith("在正文中提及")
                for key in members}
    for label in [g for g in groups if g.startswith("在正文中提及")]:
        groups[label] = {k: v for k, v in groups[label].items() if k not in by_field}
        if not groups[label]:
            del groups[label]  # already listed under the field that names it
    order = _inverse_order(generation())
    return OrderedDict((label, by_title(groups[label].values()))
                       for label in sorted(groups, key=lambda g: (order.get(g, 99), g)))


@lru_cache(maxsize=1)
def _inverse_order(_generation: int) -> dict[str, int]:
    labels = []
    for kind in KINDS.values():
        for ftype in kind.fields.values():
            inv = getattr(ftype, "inverse", "")
            if inv and inv not in labels:
                labels.append(inv)
    return {label: i for i, label in enumerate(labels)}


def _backlinks_section(kb: KnowledgeBase, w: PageWriter, entry: Entry) -> list[str]:
    groups = backlink_groups(kb, entry)
    if not groups:
        return []
    lines = ["## 被引用", ""]
    for label, entries in groups.items():
        lines += [f"### {label}", ""]
        lines += [f"- {w.link(e)}" for e in entries] + [""]
    return lines
