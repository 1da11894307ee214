"""Render page sources (Markdown) from a linked knowledge base.

links.py (paths, links, headings) → writer.py (field values) → entry.py (entry pages),
hubs.py (theme hubs, counts by theme) → indexes.py (kind, A–Z and recent-changes indexes);
courses.py and views.py add kind-specific sections and pages through hooks.py; site.py
collects every page.
markers.py fills the <!-- kb:… --> markers of hand-written pages; nav.py expands the theme nav.
"""
from . import courses, views  # noqa: F401  (register their sections and pages)
from .links import resolve_xrefs
from .site import render_site

__all__ = ["render_site", "resolve_xrefs"]
