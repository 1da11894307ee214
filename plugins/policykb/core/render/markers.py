"""Markers that hand-written pages use to pull in generated blocks.

    <!-- kb:themes -->   cards of the top-level themes with their counts
    <!-- kb:stats -->    a table of entry counts per theme and kind
"""
from __future__ import annotations

import re

from ..model.entries import KnowledgeBase
from .hubs import stats_table, theme_cards
from .links import resolve_xrefs

MARKER_RE = re.compile(r"<!--\s*kb:([a-z-]+)\s*-->")


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
