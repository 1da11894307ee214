"""Search documents from rendered page HTML, and the index files written into a built site.

No engine is involved: the adapter hands in each page's URL, title and HTML as the engine
produced them, and the site folder at the end of the build.
"""
from __future__ import annotations

import html as htmllib
import os
import re

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import kinds_with
from .index import SearchDoc, build_search_files

LISTING_TEXT = 200  # characters of an index page (kind index, A–Z, views) that are searched
INDEX_DIR = "search/policykb"
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>|<nav[^>]*class="kb-breadcrumb".*?</nav>', re.S)


def page_text(html: str) -> str:
    """Plain text of rendered page content (heading anchors and the breadcrumb left out)."""
    return " ".join(htmllib.unescape(_TAG.sub(" ", _HEADERLINK.sub("", html))).split())


def page_doc(url: str, html: str, entry: Entry | None, listing: bool, page_title: str = "") -> SearchDoc:
    """The search document of one page: an entry page, a generated listing or a hand-written page.

    page_title: the engine's title of a page that is no entry (HTML-escaped, as MkDocs gives it).
    """
    text = page_text(html)
    if listing:  # an index page repeats the titles of its entries: keep its title and introduction
        text = text[:LISTING_TEXT]
    return SearchDoc(url, entry.title if entry else htmllib.unescape(page_title or ""),
                     entry.kind.label if entry else "", text, entry.teaser if entry else "",
                     boost=0.3 if listing else 1.0)


def domain_words(kb: KnowledgeBase) -> list[str]:
    """Words the segmenter must keep whole: names and aliases of the kinds with the `words` role
    (themes, units), and tags."""
    words = []
    for kind in kinds_with("words"):
        for entry in kb.of_kind(kind.name):
            words += [entry.title, *entry.data.get("aliases", [])]
    for entry in kb.entries.values():
        words += entry.data.get("tags", [])
    return words


def ordered(docs: list[SearchDoc]) -> list[SearchDoc]:
    """Listing pages last: on equal scores the worker prefers the lower number, i.e. the entry."""
    return sorted(docs, key=lambda d: (d.boost < 1, d.location))


def write_index(site_dir: str, docs: list[SearchDoc], words: list[str], with_pinyin: bool = True,
                term_cache: dict | None = None) -> int:
    """Write search/policykb/* of the site (docs in the order given); returns the bytes written."""
    files = build_search_files(docs, words, with_pinyin, term_cache)
    out_dir = os.path.join(site_dir, INDEX_DIR)
    os.makedirs(out_dir, exist_ok=True)
    for name, content in files.items():
        replace_file(os.path.join(out_dir, name), content)
    return sum(len(c.encode("utf-8")) for c in files.values())


def replace_file(path: str, content: str) -> None:
    """Write a file whole or not at all (a preview server may be reading it meanwhile)."""
    with open(path + ".part", "w", encoding="utf-8") as f:
        f.write(content)
    os.replace(path + ".part", path)
