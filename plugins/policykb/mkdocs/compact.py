"""Drop the indentation Jinja leaves in every page (about a third of a page's bytes).

Only whitespace at the start of lines and empty lines go; a line break stays, so
the rendered text is unchanged (HTML collapses a line break plus indentation to
one space). <pre>, <textarea> and <script> blocks are kept byte for byte.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANK = re.compile(r"\n{2,}")


def _squeeze(text: str) -> str:
    return _BLANK.sub("\n", _INDENT.sub("\n", text))


def compact_html(html: str) -> str:
    out, pos = [], 0
    for m in _KEEP.finditer(html):
        out.append(_squeeze(html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_squeeze(html[pos:]))
    return "".join(out)
