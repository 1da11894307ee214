"""Which generated files a build skips, and what `mkdocs serve --dirty` keeps between rebuilds.

MkDocs skips a file in a dirty build when File.is_modified() is false; a generated file
has no source on disk, so the adapter answers for it:

- Rebuilds (`mkdocs serve --dirty`): a generated file whose content hashes as in the last
  build, and whose output exists, is kept. An edit that reaches every page (themes make the
  nav, glossary terms are marked everywhere: SiteSource.site_wide_signature) forgets every
  hash. Also kept between rebuilds: parsed YAML and git history (core.pipeline caches), the
  first build's exports, each page's search document (pages not rebuilt keep theirs), the
  search index's term cache and the compiled templates. The search index of a rebuild is
  written in the background.
- Slice (POLICYKB_SHARD=i/N, scripts/build_parallel.py): the generated files of other shards
  are skipped; their pages are still read, for their titles in the nav.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import threading
from collections.abc import Callable

import jinja2
from mkdocs.exceptions import PluginError

from ..core.model.entries import KnowledgeBase
from ..core.search import SearchDoc
from ..core.search.index import doc_terms
from ..core.site.shards import SHARD_FILE, Shard, ShardRecord

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


class Rebuilds:
    """State of a `mkdocs serve --dirty` preview (enabled is False in every other build)."""

    def __init__(self):
        self.enabled = False
        self.templates = MemoryBytecodeCache()
        self.docs: dict[str, SearchDoc] = {}   # search document by docs path
        self._history: dict = {}
        self._parsed: dict = {}
        self._terms: dict = {}
        self._exports: dict[str, bytes] = {}
        self._hashes: dict[str, str] = {}
        self._signature = ""
        self._writer: threading.Thread | None = None

    def start(self, command: str, dirty: bool) -> None:
        self.enabled = command == "serve" and dirty
        if self.enabled:
            # a preview process keeps a large heap (data, pages, caches): collecting the young
            # generation every 700 allocations spends about a quarter of each rebuild in the GC
            gc.set_threshold(100_000, 50, 100)

    def load_caches(self) -> dict:
        """Keyword arguments of core.build_knowledge_base."""
        return {"history_cache": self._history if self.enabled else None,
                "parse_cache": self._parsed if self.enabled else None}

    def new_build(self, site_wide_signature: Callable[[], str]) -> None:
        """A build starts: forget the last build's documents, or (preview) its hashes if an edit reaches every page."""
        if not self.enabled:
            self.docs = {}
            return
        signature = site_wide_signature()
        if signature != self._signature:
            self._hashes.clear()
            self._signature = signature

    def exports(self, make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        if not (self.enabled and self._exports):
            self._exports = make()  # previews keep the first build's spreadsheets (about 0.5 s each time)
        return self._exports

    def unchanged(self, uri: str, content: str | bytes, dest: str) -> bool:
        """Same content as in the last build, and its output is still there."""
        if not self.enabled:
            return False
        digest = hashlib.sha1(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()
        same = self._hashes.get(uri) == digest and os.path.exists(dest)
        self._hashes[uri] = digest
        return same

    def write_search(self, write: Callable[[dict | None], int], pages: int) -> None:
        """Run write(term_cache). A preview serves the rebuilt pages at once and writes the search index
        just after (about half a second for 1,000 entries); the next rebuild waits for it. The first
        build writes it in line: the preview starts complete."""
        self.finish()
        if self.enabled and self._terms:
            self._writer = threading.Thread(target=self._write, args=(write, pages), name="policykb-search",
                                            daemon=True)
            self._writer.start()
        else:
            self._write(write, pages)

    def _write(self, write: Callable[[dict | None], int], pages: int) -> None:
        try:
            size = write(self._terms if self.enabled else None)
        except Exception as e:  # noqa: BLE001 - a preview's search thread must report, not die silently
            if not self.enabled:
                raise
            log.error(f"policykb: 搜索索引没有写成：{e}")
            return
        log.info(f"policykb: 搜索索引 {pages} 页，{size // 1024} KB")

    def finish(self) -> None:
        """Wait for the search index of the last rebuild."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None


class Slice:
    """The generated files this process writes: all of them, or one shard's (POLICYKB_SHARD=i/N)."""

    def __init__(self):
        try:
            spec = os.environ.get("POLICYKB_SHARD")
            self.shard = Shard.parse(spec) if spec else None
        except ValueError as e:
            raise PluginError(f"环境变量 POLICYKB_SHARD：{e}") from None
        self.others: set[str] = set()

    def assign(self, kb: KnowledgeBase, generated: list[str]) -> None:
        self.others = set(generated) - self.shard.pages(kb, generated) if self.shard else set()

    def skips(self, uri: str) -> bool:
        return uri in self.others

    def write_record(self, site_dir: str, docs: list[SearchDoc], words: list[str], options, pages: list[str]) -> None:
        """What the merge needs: this shard's search documents, tokenised here, for one search index."""
        terms = doc_terms(docs, words, options.search_pinyin) if options.search else {}
        record = ShardRecord(docs, words, options.search, options.search_pinyin, pages, terms)
        with open(os.path.join(site_dir, SHARD_FILE), "wb") as f:
            f.write(record.dumps())
