"""Render page sources (Markdown) from a linked knowledge base."""
from .site import render_site, resolve_xrefs

__all__ = ["render_site", "resolve_xrefs"]
