"""Markers that hand-written pages use to pull in generated blocks.

    <!-- kb:themes -->   cards of the top-level themes with their counts
    <!-- kb:stats -->    a table of entry counts per theme and kind
"""
from __future__ import annotations

import re

from .kinds import KINDS
from .model import KnowledgeBase
from .render.site import HUB_KINDS, PageWriter, child_themes, entries_in_themes, resolve_xrefs
from .render.text import esc, raw_html

MARKER_RE = re.compile(r"<!--\s*kb:([a-z-]+)\s*-->")


def theme_cards(kb: KnowledgeBase, uri: str) -> str:
    w = PageWriter(kb, uri)
    out = [raw_html('<div class="grid cards">'), ""]
    for theme in child_themes(kb, None):
        scope = kb.theme_descendants(theme.id)
        counts = " · ".join(f"{KINDS[k].label} {n}" for k in HUB_KINDS
                            if (n := len(entries_in_themes(kb, scope, k))))
        subs = "、".join(w.link(c) for c in child_themes(kb, theme))
        out += [f"-   **{w.link(theme)}**", "", "    ---", "", f"    {esc(theme.summary)}", ""]
        if subs:
            out += [f"    下级主题：{subs}", ""]
        if counts:
            out += [f"    {counts}", ""]
    out += [raw_html("</div>"), ""]
    return "\n".join(out)


def stats_table(kb: KnowledgeBase, uri: str) -> str:
    w = PageWriter(kb, uri)
    kinds = [KINDS[k] for k in HUB_KINDS]
    rows = ["| 主题 | " + " | ".join(k.label for k in kinds) + " |",
            "|---|" + "---:|" * len(kinds)]

    def walk(parent, depth):
        for theme in child_themes(kb, parent):
            scope = kb.theme_descendants(theme.id)
            cells = [str(len(entries_in_themes(kb, scope, k.name))) for k in kinds]
            rows.append(f"| {'　' * depth}{w.link(theme)} | " + " | ".join(cells) + " |")
            walk(theme, depth + 1)
    walk(None, 0)
    totals = [str(len(kb.of_kind(k.name))) for k in kinds]
    rows.append("| **合计** | " + " | ".join(totals) + " |")
    extra = "，".join(f"{KINDS[k].label} {len(kb.of_kind(k))} 个" for k in ("unit", "theme"))
    return "\n".join(rows) + f"\n\n另有{extra}。\n"


MARKERS = {"themes": theme_cards, "stats": stats_table}


def expand_markers(markdown: str, uri: str, kb: KnowledgeBase) -> str:
    def render(m):
        fn = MARKERS.get(m.group(1))
        return fn(kb, uri) if fn else m.group(0)
    return MARKER_RE.sub(render, markdown)


def resolve_page(markdown: str, uri: str, kb: KnowledgeBase, warn=None) -> str:
    """A hand-written page (docs/`uri`) with its markers expanded and [[kind:id]] resolved;
    warn(message) hears of each reference to an entry that does not exist (with file:line)."""
    def missing(x):
        if warn is not None:
            line = markdown[: max(0, markdown.find(f"[[{x.kind}:{x.id}"))].count("\n") + 1
            warn(f"docs/{uri}:{line}: 引用的条目 `{x.kind}:{x.id}` 不存在。")
    return resolve_xrefs(expand_markers(markdown, uri, kb), uri, kb, on_missing=missing)
