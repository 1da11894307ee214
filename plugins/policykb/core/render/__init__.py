"""Render page sources (Markdown) from a linked knowledge base."""
from . import courses, views  # noqa: F401  (register their sections and pages)
from .site import render_site, resolve_xrefs

__all__ = ["render_site", "resolve_xrefs"]
