"""The cross-reference syntax inside Markdown text: [[kind:id#anchor|label]]."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

XREF_RE = re.compile(
    r"\[\[\s*([a-z]+):([a-z0-9]+(?:-[a-z0-9]+)*)\s*(?:#([^|\]\n]+))?\s*(?:\|([^\]\n]+))?\]\]")
FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})")


@dataclass(frozen=True)
class XRef:
    kind: str
    id: str
    anchor: str
    label: str
    start: int
    end: int
    line: int  # 0-based line within the text


def find_xrefs(text: str) -> Iterator[XRef]:
    """Every [[kind:id]] outside fenced code blocks and inline code."""
    offset = 0
    fence = None
    for lineno, line in enumerate(text.splitlines(keepends=True)):
        m = FENCE_RE.match(line)
        if fence:
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence):
                fence = None
        elif m:
            fence = m.group(2)
        else:
            code_spans = [(c.start(), c.end()) for c in re.finditer(r"(`+)[^`]*?\1", line)]
            for x in XREF_RE.finditer(line):
                if any(a <= x.start() < b for a, b in code_spans):
                    continue
                yield XRef(x[1], x[2], (x[3] or "").strip(), (x[4] or "").strip(),
                           offset + x.start(), offset + x.end(), lineno)
        offset += len(line)


def replace_xrefs(text: str, render) -> str:
    """Replace each cross-reference by render(xref) (a string); others untouched."""
    parts, pos = [], 0
    for x in find_xrefs(text):
        parts.append(text[pos:x.start])
        parts.append(render(x))
        pos = x.end
    parts.append(text[pos:])
    return "".join(parts)
