"""Render page sources (Markdown) from a linked knowledge base."""
from .site import render_site, resolve_xrefs
from . import courses, views  # noqa: F401  (register their sections and pages)

__all__ = ["render_site", "resolve_xrefs"]
