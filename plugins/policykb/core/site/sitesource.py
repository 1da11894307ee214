"""What any engine needs from the knowledge base to build the site, with no engine involved.

An adapter (policykb.mkdocs) calls this module; it never calls the adapter:

    accept()             the problems of loading data/ reported; SiteError if the site must not be built
    SiteSource.of(kb)    the generated pages (Markdown by docs path) and the glossary matcher
    .page_markdown()     the Markdown of a page before conversion (markers and [[kind:id]] of hand-written pages)
    .page_html()         the HTML of a page after conversion (allowlist of data pages, glossary terms marked)
    .search_doc()        the page's search document
    name_clash()         a hand-written page that would overwrite a generated file
    export_files()       the spreadsheets and JSON export as bytes
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..exchange.export import export_labels, write_exports
from ..markdown.safelinks import clean_html
from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import THEME, names_with
from ..model.problems import Problem, Problems
from ..render.markers import resolve_page
from ..render.site import SitePages
from ..render.terms import Term, TermMatcher, terms_of
from ..search import SearchDoc
from ..search.docs import page_doc


class SiteError(Exception):
    """The data has errors (or warnings, in a strict build): no site is built. The message is Chinese."""


def accept(problems: Problems, report: Callable[[Problem], None], strict: bool = False) -> None:
    """Pass each problem of loading data/ to report(); SiteError if the site must not be built."""
    for problem in problems.sorted():
        report(problem)
    if problems.errors or (problems.warnings and strict):
        warnings = f"、{len(problems.warnings)} 个警告" if strict else ""
        raise SiteError(f"知识库数据有 {len(problems.errors)} 个错误{warnings}（见上），站点没有构建。"
                        f"修改后可先运行 `python3 scripts/check.py` 检查。")


def glossary_terms(kb: KnowledgeBase) -> TermMatcher:
    """Every title and alias of the kinds with the `terms` role (术语), linked to its entry."""
    return TermMatcher(terms_of(kb))


@dataclass
class SiteSource:
    kb: KnowledgeBase
    pages: Mapping[str, str]        # generated Markdown pages by docs path (entry pages rendered on demand)
    entries: dict[str, Entry]       # entry (and theme hub) pages by docs path
    terms: TermMatcher

    @classmethod
    def of(cls, kb: KnowledgeBase) -> SiteSource:
        return cls(kb, SitePages(kb), {e.src_uri: e for e in kb.entries.values()}, glossary_terms(kb))

    def files(self, assets: dict[str, str], skips: Callable[[str], bool],
              exports: Callable[[], dict[str, bytes]]) -> list[tuple[str, str | bytes, bool]]:
        """(path, content, is it a page) of every generated file: pages, the engine's assets, the exports.
        skips(path): another shard writes it; its content is then empty, but for a page rendered already
        (the nav needs its title). The exports are made only if this process writes one of them."""
        exported = export_paths()
        made = exports() if not all(skips(uri) for uri in exported) else {}
        out: list[tuple[str, str | bytes, bool]] = []
        for uri in sorted(self.pages):
            out.append((uri, self.pages[uri] if not skips(uri) or self.pages.ready(uri) else "", True))
        out += [(uri, content, False) for uri, content in assets.items()]
        return out + [(uri, made.get(uri, b""), False) for uri in exported]

    def paths(self, assets: Iterable[str]) -> list[str]:
        """Every generated path: pages, the engine's assets, the exports."""
        return [*sorted(self.pages), *assets, *export_paths()]

    def generated(self, uri: str) -> bool:
        """The page is made from data: converted with raw HTML off (see safelinks), cleaned after."""
        return uri in self.pages

    def page_markdown(self, uri: str, markdown: str, warn: Callable[[str], None]) -> str:
        """Generated pages were rendered with links resolved; hand-written ones get their markers resolved."""
        return markdown if self.generated(uri) else resolve_page(markdown, uri, self.kb, warn)

    def page_html(self, uri: str, html: str, href_of: Callable[[Term], str]) -> str:
        """Converted content: data pages keep allowlisted tags and attributes only; entry pages (not
        theme hubs) link the first occurrence of each glossary term, a term's own page excepted."""
        if self.generated(uri):
            html = clean_html(html)
        entry = self.entries.get(uri)
        if entry is not None and entry.kind.name != THEME:
            own = entry.id if entry.kind.name in names_with("terms") else ""
            html = self.terms.mark(html, href_of, skip_key=own)
        return html

    def search_doc(self, uri: str, url: str, html: str, page_title: str) -> SearchDoc:
        entry = self.entries.get(uri)
        return page_doc(url, html, entry, listing=self.generated(uri) and entry is None, page_title=page_title)

    def site_wide_signature(self) -> str:
        """Changes whenever an edit reaches every page: themes (the nav) and glossary terms (marked everywhere)."""
        return repr([(e.ref, e.title, e.data.get("definition"), e.data.get("aliases"))
                     for e in self.kb.entries.values() if e.kind.name in (THEME, *names_with("terms"))])


def name_clash(hand_written: Iterable[str], generated: Iterable[str]) -> str | None:
    """Chinese message for the first hand-written page that a generated file would overwrite, if any."""
    generated, hand_written = list(generated), list(hand_written)
    written, exact = {uri.lower(): uri for uri in hand_written}, set(hand_written)
    # entry ids are lower case; a hand-written page differing only in case would share a file
    # with a generated one on case-insensitive file systems (Windows, macOS)
    for uri in generated:
        other = written.get(uri.lower())
        if other is not None and other != uri:
            return (f"docs/{other} 与知识库生成的页面 {uri} 只差大小写，在 Windows/macOS 上会互相覆盖。"
                    "请给手写页面换一个文件名。")
    for uri in generated:
        if uri in exact:
            return f"docs/{uri} 与知识库生成的页面重名。请给手写页面换一个文件名。"
    return None


def export_paths() -> list[str]:
    """The site paths of the spreadsheets and JSON export (export_files makes them)."""
    return sorted(export_labels())


def export_files(kb: KnowledgeBase) -> dict[str, bytes]:
    """The spreadsheets and JSON export, as files of the site ({site path: bytes})."""
    with tempfile.TemporaryDirectory() as tmp:
        written = write_exports(kb, tmp)
        return {path: (Path(tmp) / path).read_bytes() for path in sorted(written)}
