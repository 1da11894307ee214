"""The site navigation: the theme item of a nav expanded into the theme hubs."""
from __future__ import annotations

import html as htmllib
from collections.abc import Iterable

from ..model.entries import Entry, KnowledgeBase
from .hubs import child_themes


def expand_theme_nav(kb: KnowledgeBase, nav: list, target: str = "theme/index.md") -> list:
    """A copy of `nav` (MkDocs nav syntax) whose item pointing at `target` becomes a section
    holding that page and one sub-section per top-level theme, with its sub-themes."""

    def section(theme: Entry) -> dict:  # nav titles reach the page unescaped: escape them here
        children = child_themes(kb, theme)
        title = htmllib.escape(theme.title)
        if not children:
            return {title: theme.src_uri}
        return {title: [theme.src_uri] + [section(c) for c in children]}

    def walk(items: list) -> list:
        out = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                (title, value), = item.items()
                if value == target:
                    out.append({title: [target] + [section(t) for t in child_themes(kb, None)]})
                elif isinstance(value, list):
                    out.append({title: walk(value)})
                else:
                    out.append(item)
            else:
                out.append(item)
        return out
    return walk(nav)


def not_in_nav(generated: Iterable[str]) -> list[str]:
    """`not_in_nav` patterns (MkDocs gitignore syntax) for the folders of generated pages: the entry
    pages are reached from hubs and indexes, never from the nav (the pages a nav names still show)."""
    return sorted({f"/{uri.split('/', 1)[0]}/*.md" for uri in generated if "/" in uri and uri.endswith(".md")})
