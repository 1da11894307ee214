"""Every generated page source of the site, keyed by its path (`measure/some-id.md`).

Entry pages (entry.py), theme hubs (hubs.py), kind indexes, the A–Z index and recent
changes (indexes.py), plus the pages of courses.py and views.py (hooks.py).
"""
from __future__ import annotations

from ..model.entries import KnowledgeBase
from ..model.kinds import KINDS, THEME
from .entry import render_entry
from .hooks import PAGES
from .hubs import render_theme_hub
from .indexes import AZ_URI, UPDATES_URI, render_az_index, render_kind_index, render_updates
from .links import kind_index_uri


def render_site(kb: KnowledgeBase) -> dict[str, str]:
    """Every generated page: {path in site: Markdown}."""
    out: dict[str, str] = {AZ_URI: render_az_index(kb), UPDATES_URI: render_updates(kb)}
    for kind in KINDS.values():
        out[kind_index_uri(kind)] = render_kind_index(kb, kind)
    for entry in kb.entries.values():
        out[entry.src_uri] = render_theme_hub(kb, entry) if entry.kind.name == THEME else render_entry(kb, entry)
    for builder in PAGES:
        out.update(builder(kb))
    return out
