"""Mark glossary terms in rendered HTML: first occurrence per page only.

Terms are never marked inside headings, links, code, preformatted text or
another term; the longest term wins where terms overlap (网格员 over 网格).
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from ..model.kinds import kinds_with

SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "script", "style",
             "button", "kbd", "textarea", "svg", "title", "nav", "label"}
TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|[^<]+", re.S)
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed"}


@dataclass(frozen=True)
class Term:
    text: str         # the form to look for (the term or one of its aliases)
    key: str          # one key per glossary entry: marked once, whichever form comes first
    href: str
    definition: str


def terms_of(kb) -> list[Term]:
    """Every form to mark: title and aliases of the entries of the kinds with the `terms` role (术语),
    each pointing at its entry page with its summary (the definition) as the tooltip."""
    return [Term(text, e.id, e.src_uri, e.summary) for kind in kinds_with("terms") for e in kb.of_kind(kind.name)
            for text in [e.title, *e.data.get("aliases", [])]]


class TermMatcher:
    """Compiled once per build; marks terms in any number of pages."""

    def __init__(self, terms: list[Term]):
        self.by_text = {t.text: t for t in sorted(terms, key=lambda t: -len(t.text))}
        self.keys = {t.key for t in terms}
        self.pattern = re.compile("|".join(re.escape(t) for t in self.by_text)) if terms else None

    def mark(self, html: str, href_of=lambda term: term.href, skip_key: str = "",
             css_class: str = "kb-term") -> str:
        """Mark the first occurrence of each term; href_of(term) gives the link from this page."""
        if self.pattern is None:
            return html
        done: set[str] = {skip_key} if skip_key else set()
        out, skip_depth = [], 0
        for m in TOKEN.finditer(html):
            closing, tag = m.group(1), (m.group(2) or "").lower()
            if tag:
                self_closing = m.group(3).rstrip().endswith("/") or tag in VOID
                if tag in SKIP_TAGS and not self_closing:
                    skip_depth = max(0, skip_depth + (-1 if closing else 1))
                out.append(m.group(0))
                continue
            text = m.group(0)
            if skip_depth or text.startswith("<!--") or done >= self.keys:
                out.append(text)
                continue

            def mark(found: re.Match) -> str:
                term = self.by_text[found.group(0)]
                if term.key in done:
                    return found.group(0)
                done.add(term.key)
                title = htmllib.escape(term.definition, quote=True)
                href = htmllib.escape(href_of(term))
                return f'<a class="{css_class}" href="{href}" title="{title}">{found.group(0)}</a>'
            out.append(self.pattern.sub(mark, text))
        return "".join(out)


def mark_terms(html: str, terms: list[Term], css_class: str = "kb-term") -> str:
    return TermMatcher(terms).mark(html, css_class=css_class)
