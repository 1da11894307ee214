"""Links between page sources: relative paths, entry links, [[kind:id]] references, page headings.

Page sources are keyed by their path in the site (`measure/some-id.md`); links are
written as relative links to `.md` files, so the site engine resolves and checks them
like hand-written links.
"""
from __future__ import annotations

import html
import json
import re

from ..link.xrefs import XRef, replace_xrefs
from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import Kind
from .sorting import pinyin_key
from .text import esc


def rel(from_uri: str, to_uri: str) -> str:
    """Relative path between two page sources (both relative to the docs folder, no `..`).

    Same result as posixpath.relpath, without its abspath calls: pages link to
    thousands of entries, and relpath was a tenth of the render time.
    """
    start = from_uri.split("/")[:-1]
    target = to_uri.split("/")
    common = 0
    for a, b in zip(start, target[:-1]):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


def anchor_slug(text: str) -> str:
    """The anchor of a heading, as pymdownx.slugs.slugify(case='lower') makes it."""
    text = re.sub(r"[^\w\s-]", "", text.strip().lower())
    return re.sub(r"[\s]+", "-", text)


def entry_link(entry: Entry, from_uri: str, label: str | None = None, anchor: str = "") -> str:
    target = rel(from_uri, entry.src_uri) + (f"#{anchor_slug(anchor)}" if anchor else "")
    return f"[{esc(label or entry.title)}]({target})"


def kind_index_uri(kind: Kind) -> str:
    return f"{kind.url_dir}/index.md"


def heading(title: str) -> list[str]:
    """Front matter and H1 of a generated page.

    The engine takes a page's title from its front matter and puts it into
    <title>, the header and the nav without escaping; so the title given
    there is HTML-escaped here, once, and the H1 is escaped Markdown.
    """
    return ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}", "---", "",
            f"# {esc(title)}", ""]


def by_title(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: pinyin_key(e.title))


def resolve_xrefs(text: str, from_uri: str, kb: KnowledgeBase, on_missing=None) -> str:
    """Turn [[kind:id]] into Markdown links; unknown targets are left as text."""
    def render(x: XRef) -> str:
        target = kb.get(x.kind, x.id)
        if target is None:
            if on_missing:
                on_missing(x)
            return esc(x.label or f"{x.kind}:{x.id}")
        return entry_link(target, from_uri, x.label or None, x.anchor)
    return replace_xrefs(text, render)
