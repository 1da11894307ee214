"""MkDocs plugin: a thin adapter between the MkDocs build and policykb.core.

on_config     load, validate and link data/ (abort on errors); render pages; expand the nav
on_files      add the rendered pages as generated files
on_page_markdown  resolve [[kind:id]] and <!-- kb:… --> markers in hand-written pages
on_serve      rebuild when data/ changes
"""
from __future__ import annotations

import gc
import hashlib
import html as htmllib
import logging
import os
import threading

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from ..core import build_knowledge_base
from ..core.fastlists import FastListsExtension
from ..core.markers import resolve_page
from ..core.nav import expand_theme_nav
from ..core.render import render_site
from ..core.render.terms import Term, TermMatcher
from ..core.safelinks import SafeLinksExtension, clean_html, unsafe_features
from ..core.search import SearchDoc
from ..core.shards import SHARD_FILE, Shard, ShardRecord
from . import offline, search
from .compact import compact_html
from .config import PolicyKBConfig

log = logging.getLogger("mkdocs.plugins.policykb")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between the rebuilds of `mkdocs serve` (keyed by source checksum)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.store.get(bucket.key + bucket.checksum)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.store[bucket.key + bucket.checksum] = bucket.bytecode_to_string()


def exports(kb) -> dict[str, bytes]:
    """The spreadsheets and JSON export, as files of the site."""
    import tempfile
    from pathlib import Path

    from ..core.export import write_exports
    with tempfile.TemporaryDirectory() as tmp:
        written = write_exports(kb, tmp)
        return {path: (Path(tmp) / path).read_bytes() for path in sorted(written)}


class PolicyKBPlugin(BasePlugin[PolicyKBConfig]):
    def __init__(self):
        self.kb = None
        self.pages: dict[str, str] = {}
        self.data_dir = ""
        self.search_docs: list[SearchDoc] = []
        self.kinds_by_uri: dict = {}
        self.incremental = False   # `mkdocs serve --dirty`: rebuild only pages whose source changed
        self._hashes: dict[str, str] = {}
        self._doc_cache: dict[str, SearchDoc] = {}
        self._doc_files: list[str] = []
        self._term_cache: dict = {}
        self._exports: dict[str, bytes] = {}
        self._signature = ""
        self._templates = MemoryBytecodeCache()
        self._history: dict = {}
        self._parsed: dict = {}
        self._search_writer: threading.Thread | None = None
        self.safe_links = SafeLinksExtension()
        self.shard: Shard | None = None  # POLICYKB_SHARD=i/N (scripts/build_parallel.py): write a slice only
        self._mine: set[str] = set()
        self._doc_dests: list[str] = []

    def on_startup(self, *, command, dirty):
        # defining on_startup also keeps this plugin object across the rebuilds of `mkdocs serve`
        self.incremental = command == "serve" and dirty
        if self.incremental:
            # a preview process keeps a large heap (data, pages, caches): collecting the young
            # generation every 700 allocations spends about a quarter of each rebuild in the GC
            gc.set_threshold(100_000, 50, 100)

    def on_config(self, config):
        self._finish_search()
        for message in unsafe_features(config.theme.get("features")):
            raise PluginError(message)
        base_dir = os.path.dirname(config.config_file_path or ".")
        self.data_dir = os.path.normpath(os.path.join(base_dir, self.config.data_dir))
        kb, problems = build_knowledge_base(self.data_dir, profile=self.config.profile, root=base_dir,
                                            history=True, history_cache=self._history if self.incremental else None,
                                            parse_cache=self._parsed if self.incremental else None)
        for problem in problems.sorted():
            {"错误": log.error, "提示": log.info}.get(problem.severity, log.warning)(problem.format())
        if problems.errors or (problems.warnings and config.strict):
            raise PluginError(f"知识库数据有 {len(problems.errors)} 个错误、{len(problems.warnings)} 个警告（见上），"
                              f"站点没有构建。修改后可先运行 `python3 scripts/check.py` 检查。")
        self.kb = kb
        try:
            self.shard = Shard.parse(os.environ["POLICYKB_SHARD"]) if os.environ.get("POLICYKB_SHARD") else None
        except ValueError as e:
            raise PluginError(f"环境变量 POLICYKB_SHARD：{e}") from None
        self.pages = render_site(kb)
        self.kinds_by_uri = {e.src_uri: e for e in kb.entries.values()}
        self.terms = TermMatcher([Term(text, term.id, term.src_uri, term.data["definition"])
                                  for term in kb.of_kind("glossary")
                                  for text in [term.title, *term.data.get("aliases", [])]])
        self.search_docs = []
        if self.incremental:
            # themes (the nav) and glossary terms (marked in every page) reach all pages
            signature = repr([(e.ref, e.title, e.data.get("definition"), e.data.get("aliases"))
                              for e in kb.entries.values() if e.kind.name in ("theme", "glossary")])
            if signature != self._signature:
                self._hashes.clear()
                self._signature = signature
        if config.nav:
            config.nav = expand_theme_nav(self.kb, config.nav, self.config.nav_themes)
        config.markdown_extensions.append(self.safe_links)
        config.markdown_extensions.append(FastListsExtension())
        offline.add_polyfills(config)
        if self.config.search:
            search.silence_material_index(config)
        if self.config.search and search.INPUT_FIX not in config.extra_javascript:
            config.extra_javascript.append(search.INPUT_FIX)
        for script in (search.TABLES, search.A11Y):
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        if search.STYLES not in config.extra_css:
            config.extra_css.append(search.STYLES)
        return config

    def on_files(self, files, *, config):
        generated = dict(sorted(self.pages.items()))
        if self.config.search:
            generated.update({uri: search.asset(name) for uri, name in search.ASSETS.items()})
        generated.update(offline.vendor_files())
        generated[search.TABLES] = search.asset("tables.js")
        generated[search.A11Y] = search.asset("a11y.js")
        generated[search.STYLES] = search.asset("kb.css")
        if not (self.incremental and self._exports):
            self._exports = exports(self.kb)  # previews keep the first build's spreadsheets (about 0.5 s each time)
        generated.update(self._exports)
        # entry ids are lower case; a hand-written page differing only in case would share a file
        # with a generated one on case-insensitive file systems (Windows, macOS)
        written = {f.src_uri.lower(): f.src_uri for f in files if not f.generated_by}
        for uri in generated:
            other = written.get(uri.lower())
            if other is not None and other != uri:
                raise PluginError(f"docs/{other} 与知识库生成的页面 {uri} 只差大小写，在 Windows/macOS 上会互相覆盖。"
                                  "请给手写页面换一个文件名。")
        self._mine = self.shard.pages(self.kb, list(generated)) if self.shard else set()
        for uri, content in generated.items():
            existing = files.get_file_from_path(uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"docs/{uri} 与知识库生成的页面重名。请给手写页面换一个文件名。")
            if existing is not None:
                files.remove(existing)
            files.append(self._generated(config, uri, content))
        self._doc_files = [f.src_uri for f in files.documentation_pages()]
        self._doc_dests = [f.dest_uri for f in files.documentation_pages()]
        return files

    def _generated(self, config, uri: str, content) -> File:
        file = File.generated(config, uri, content=content)
        if self.shard is not None and uri not in self._mine:
            file.is_modified = lambda: False  # another shard writes it (built with dirty=True)
        if self.incremental:
            digest = hashlib.sha1(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()
            if self._hashes.get(uri) == digest and os.path.exists(file.abs_dest_path):
                file.is_modified = lambda: False  # same source as the last build: keep its page
            self._hashes[uri] = digest
        return file

    def on_nav(self, nav, *, config, files):
        if self.shard is not None:  # nav pages another shard writes still lend their titles to the nav
            for page in nav.pages:
                if page.file.src_uri in self.pages and page.file.src_uri not in self._mine:
                    page.read_source(config)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        # a page made from data is converted with raw HTML switched off (see core/safelinks.py)
        self.safe_links.data_page = page.file.src_uri in self.pages
        if page.file.src_uri in self.pages:
            return markdown  # generated pages were rendered with links resolved
        return resolve_page(markdown, page.file.src_uri, self.kb, log.warning)

    def on_page_content(self, html, *, page, config, files):
        if page.file.src_uri in self.pages:
            html = clean_html(html)  # only allowlisted tags and attributes from pages made from data
        self.safe_links.data_page = False
        entry = self.kinds_by_uri.get(page.file.src_uri)
        if entry is not None and entry.kind.name != "theme":
            def href(term):
                return files.get_file_from_path(term.href).url_relative_to(page.file)
            html = self.terms.mark(html, href, skip_key=entry.id if entry.kind.name == "glossary" else "")
        if self.config.search:
            entry = self.kinds_by_uri.get(page.file.src_uri)
            listing = page.file.src_uri in self.pages and entry is None
            title = entry.title if entry else htmllib.unescape(page.title or "")
            text = search.page_text(html)
            if listing:  # an index page repeats the titles of its entries: keep its title and introduction
                text = text[:search.LISTING_TEXT]
            self._add_search_doc(page.file.src_uri, SearchDoc(
                page.url, title, entry.kind.label if entry else "",
                text, entry.teaser if entry else "",
                boost=0.3 if listing else 1.0))
        return html

    def _add_search_doc(self, uri: str, doc: SearchDoc) -> None:
        self.search_docs.append(doc)
        if self.incremental:
            self._doc_cache[uri] = doc

    def on_post_page(self, output, *, page, config):
        if self.config.search:
            output = search.point_to_our_worker(output)
        return compact_html(output) if self.config.compact_html else output

    def on_post_template(self, output_content, *, template_name, config):
        if self.config.search and template_name.endswith(".html"):
            return search.point_to_our_worker(output_content)
        return output_content

    @event_priority(-110)  # after Material's search and offline plugins have written theirs
    def on_post_build(self, *, config):
        for url in offline.localise_assets(config.site_dir, remove_material_search=self.config.search):
            log.warning(f"Material 的脚本引用了外部地址 {url}，内网无法访问；请在 policykb 中提供本地副本。")
        words = [e.title for e in self.kb.of_kind("theme")]
        for unit in self.kb.of_kind("unit"):
            words += [unit.title, *unit.data.get("aliases", [])]
        for entry in self.kb.entries.values():
            words += entry.data.get("tags", [])
        if self.shard is not None:  # the merge writes one search index from every shard's documents
            record = ShardRecord(self.search_docs, words, self.config.search, self.config.search_pinyin,
                                 self._doc_dests)
            with open(os.path.join(config.site_dir, SHARD_FILE), "w", encoding="utf-8") as f:
                f.write(record.dumps())
            return
        if not self.config.search:
            return
        if self.incremental:  # pages not rebuilt this time keep their document of the last build
            self.search_docs = [self._doc_cache[uri] for uri in self._doc_files if uri in self._doc_cache]
        # listing pages last: on equal scores the worker prefers the lower number, i.e. the entry
        docs = sorted(self.search_docs, key=lambda d: (d.boost < 1, d.location))
        if self.incremental and self._term_cache:
            # a preview serves the rebuilt pages at once and writes the search index just after
            # (about half a second for 1,000 entries); the next rebuild waits for it. The first
            # build writes it in line: the preview starts complete.
            self._search_writer = threading.Thread(target=self._write_search, args=(config.site_dir, docs, words),
                                                   name="policykb-search", daemon=True)
            self._search_writer.start()
        else:
            self._write_search(config.site_dir, docs, words)

    def _write_search(self, site_dir: str, docs: list[SearchDoc], words: list[str]) -> None:
        try:
            size = search.write_search(site_dir, docs, words, self.config.search_pinyin,
                                       self._term_cache if self.incremental else None)
        except Exception as e:  # noqa: BLE001 - a preview's search thread must report, not die silently
            if not self.incremental:
                raise
            log.error(f"policykb: 搜索索引没有写成：{e}")
            return
        log.info(f"policykb: 搜索索引 {len(docs)} 页，{size // 1024} KB")

    def on_shutdown(self) -> None:
        self._finish_search()

    def _finish_search(self) -> None:
        if self._search_writer is not None:
            self._search_writer.join()
            self._search_writer = None

    def on_env(self, env, *, config, files):
        if self.incremental:  # the engine makes a new template environment per rebuild: keep the compiled templates
            env.bytecode_cache = self._templates
        return env

    def on_serve(self, server, *, config, builder):
        server.watch(self.data_dir)
        return server
