"""Turning untrusted YAML text into safe Markdown.

Plain text fields are escaped completely: HTML special characters become
entities and Markdown syntax characters are backslash-escaped, so a title
can never open a tag, a link or a table cell. Markdown fields keep Markdown
syntax and their headings are pushed below the page's own section headings;
raw HTML in them is not escaped here but never read as HTML: pages made from
data are converted with raw HTML switched off (see core/markdown/safelinks.py), so it
shows as text whatever code spans, fences or indentation surround it. The
generator's own HTML goes into such pages through `raw_html`.
"""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")
# `~` and `^` only mean something with the tilde/caret extensions, and Markdown keeps the
# backslash of `\~` without them: write them as character references, plain in every setup
_MD_ENTITY = str.maketrans({"~": "&#126;", "^": "&#94;"})
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})(\s)")
# the generator's own HTML on a page made from data: \x0e and \x0f are control characters
# that no data value can hold (the YAML reader refuses them), so data cannot forge a token.
# (Not \x02/\x03: Markdown strips those from the source before its preprocessors run.)
RAW_HTML = re.compile("\x0ekbraw:([^\x0e\x0f]*)\x0f")


def raw_html(markup: str) -> str:
    """HTML the generator writes into a page made from data (kept as it is, on its own block)."""
    return f"\x0ekbraw:{markup}\x0f"


def esc(text) -> str:
    """Escape a plain-text value for use inline in Markdown (also in tables)."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)).translate(_MD_ENTITY)


def _top_heading(text: str) -> int:
    levels, fence = [], None
    for line in text.splitlines():
        m = _FENCE.match(line)
        if fence or m:
            fence = None if (fence and m) else (fence or m.group(1))
            continue
        h = _HEADING.match(line)
        if h:
            levels.append(len(h.group(1)))
    return min(levels) if levels else 1


def safe_markdown(text: str, heading_base: int = 2) -> str:
    """Markdown from data, with headings demoted (raw HTML is switched off where it is converted).

    The field's highest heading becomes level heading_base+1 (the others keep
    their distance), so fields never compete with the page's own headings.
    """
    shift = max(0, heading_base + 1 - _top_heading(str(text)))
    out, fence = [], None
    for line in str(text).splitlines():
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        h = _HEADING.match(line)
        if h:
            level = min(6, len(h.group(1)) + shift)
            line = "#" * level + line[len(h.group(1)):]
        out.append(line)
    return "\n".join(out)
