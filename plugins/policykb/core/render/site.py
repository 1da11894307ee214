"""Every generated page source of the site, keyed by its path (`measure/some-id.md`).

Entry pages (entry.py), theme hubs (hubs.py), kind indexes, the A–Z index and recent
changes (indexes.py), plus the pages of courses.py and views.py (hooks.py).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import KINDS, THEME
from .entry import render_entry
from .hooks import PAGES
from .hubs import render_theme_hub
from .indexes import AZ_URI, UPDATES_URI, render_az_index, render_kind_index, render_updates
from .links import kind_index_uri


def render_site(kb: KnowledgeBase) -> dict[str, str]:
    """Every generated page: {path in site: Markdown}."""
    return dict(SitePages(kb))


class SitePages(Mapping):
    """Every generated page, {path: Markdown}, with the entry pages rendered when first asked for:
    a build shard renders the entry pages it writes, not all of them. The other pages (indexes,
    hubs, views) are rendered at once; rendering the A–Z index first sorts every title by pinyin once."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._pages: dict[str, str] = {AZ_URI: render_az_index(kb), UPDATES_URI: render_updates(kb)}
        for kind in KINDS.values():
            self._pages[kind_index_uri(kind)] = render_kind_index(kb, kind)
        head = list(self._pages)
        self._entries: dict[str, Entry] = {}
        for entry in kb.entries.values():
            if entry.kind.name == THEME:
                self._pages[entry.src_uri] = render_theme_hub(kb, entry)
            else:
                self._entries[entry.src_uri] = entry
        self._order = [*head, *(e.src_uri for e in kb.entries.values())]  # render_site's order
        for builder in PAGES:
            for uri, page in builder(kb).items():
                self._order += [] if uri in self else [uri]
                self._pages[uri] = page

    def __getitem__(self, uri: str) -> str:
        page = self._pages.get(uri)
        if page is None:
            page = self._pages[uri] = render_entry(self.kb, self._entries[uri])  # KeyError: no such page
        return page

    def ready(self, uri: str) -> bool:
        """Rendered already: every page but the entry pages nobody has asked for yet."""
        return uri in self._pages

    def __contains__(self, uri) -> bool:
        return uri in self._pages or uri in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)
