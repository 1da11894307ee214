"""Which generated files a build skips, and what is kept between builds.

MkDocs skips a file in a dirty build when File.is_modified() is false; a generated file
has no source on disk, so the adapter answers for it:

- Rebuilds (`mkdocs serve --dirty`, or a build with a cache folder: buildcache.py): a generated
  file whose content hashes as in the last build, and whose output exists, is kept. An edit that
  reaches every page (themes make the nav, glossary terms are marked everywhere:
  SiteSource.site_wide_signature) forgets every hash. Also kept between builds: parsed YAML and
  git history (core.pipeline caches), the pinyin sort keys, each page's search document (pages not
  rebuilt keep theirs), the search index's term cache and the compiled templates. A preview keeps
  its first build's exports and writes the search index of a rebuild in the background; a cached
  build remakes the exports whose data changed, rebuilds every hand-written page (modification
  times say nothing after a CI cache restore), removes the output of pages that are gone and saves
  the state after a successful build.
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

from ..core.exchange.exportcache import export_files_cached
from ..core.lang import pinyin
from ..core.model.entries import KnowledgeBase
from ..core.search import SearchDoc
from ..core.search.index import doc_terms
from ..core.site.shards import SHARD_FILE, Shard, ShardRecord
from ..core.site.sitesource import export_files
from .buildcache import BuildCache

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
    """What is kept between builds: in a `mkdocs serve --dirty` preview (preview), or in a cache folder
    (cache, POLICYKB_CACHE with `mkdocs build --dirty`); enabled is False in every other build."""

    PERSISTED = ("docs", "_history", "_parsed", "_terms", "_hashes", "_signature", "_syllables", "_sheets")

    def __init__(self):
        self.enabled = self.preview = False
        self.cache: BuildCache | None = None
        self.templates = MemoryBytecodeCache()
        self.docs: dict[str, SearchDoc] = {}   # search document by docs path
        self._history: dict = {}
        self._parsed: dict = {}
        self._terms: dict = {}
        self._syllables = pinyin.memo()
        self._exports: dict[str, bytes] = {}
        self._sheets: dict = {}   # a cached build's exports by the digest of their rows (core.exchange.exportcache)
        self._hashes: dict[str, str] = {}
        self._signature = ""
        self._kept: set[str] = set()
        self._files: list = []
        self._outcome = ""   # a cached build: "built" after on_post_build, "failed" on a build error
        self._writer: threading.Thread | None = None

    def start(self, command: str, dirty: bool) -> None:
        self.preview = command == "serve" and dirty
        self.cache = BuildCache.from_env(command, dirty)
        self.enabled = self.preview or self.cache is not None
        if self.enabled:
            # a preview process keeps a large heap (data, pages, caches): collecting the young
            # generation every 700 allocations spends about a quarter of each rebuild in the GC
            gc.set_threshold(100_000, 50, 100)

    def load_caches(self, config, profile: str) -> dict:
        """Keyword arguments of core.build_knowledge_base; a cached build first restores the last build's state."""
        if self.cache is not None:
            state = self.cache.open(config, profile) or {}
            for name in self.PERSISTED:
                if name in state:
                    setattr(self, name, state[name])
            self._syllables = pinyin.memo(self._syllables)
        return {"history_cache": self._history if self.enabled else None,
                "parse_cache": self._parsed if self.enabled else None}

    def new_build(self, site_wide_signature: Callable[[], str]) -> None:
        """A build starts: forget the last build's documents, or its hashes if an edit reaches every page."""
        self._kept = set()
        if not self.enabled:
            self.docs = {}
            return
        signature = site_wide_signature()
        if signature != self._signature:
            if self.cache is not None and self._hashes:
                log.info("policykb: 主题或术语有变化，重建全部页面。")
            self._hashes.clear()
            self._signature = signature

    def exports(self, kb: KnowledgeBase) -> dict[str, bytes]:
        """The downloads: a cached build remakes the sheets whose rows changed; previews keep the
        first build's spreadsheets (about 0.5 s each time)."""
        if self.cache is not None:
            return export_files_cached(kb, self._sheets)
        if not (self.preview and self._exports):
            self._exports = export_files(kb)
        return self._exports

    def unchanged(self, uri: str, content: str | bytes, dest: str) -> bool:
        """Same content as in the last build, and its output is still there."""
        if not self.enabled:
            return False
        digest = hashlib.sha1(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()
        same = self._hashes.get(uri) == digest and os.path.exists(dest)
        self._hashes[uri] = digest
        if same:
            self._kept.add(uri)
        return same

    def kept(self, uri: str) -> bool:
        """A generated file kept from the last build (not converted in this one)."""
        return uri in self._kept

    def track(self, files, generated: Callable[[str], bool]) -> None:
        """A cached build rebuilds every hand-written page (after a CI cache restore, modification
        times say nothing) and remembers the files of the site."""
        if self.cache is None:
            return
        for file in files.documentation_pages():
            if not generated(file.src_uri):
                file.is_modified = lambda: True
        self._files = list(files)

    def writing(self) -> None:
        """The build starts writing the site (called at on_env)."""
        if self.cache is not None:
            self.cache.invalidate()

    def built(self) -> None:
        """End of on_post_build: a cached build removes the output no file of this build has."""
        if self.cache is not None:
            removed = self.cache.remove_stale(f.abs_dest_path for f in self._files)
            if removed:
                log.info(f"policykb: 删除了 {removed} 个不再生成的文件（例如已删除条目的页面）")
            self._outcome = self._outcome or "built"

    def failed(self) -> None:
        self._outcome = "failed"

    def close(self) -> None:
        """End of the run: wait for the search index; a successful cached build saves its state."""
        self.finish()
        if self.cache is not None and self._outcome == "built":
            uris = {f.src_uri for f in self._files}
            self.docs = {uri: doc for uri, doc in self.docs.items() if uri in uris}
            self._hashes = {uri: h for uri, h in self._hashes.items() if uri in uris}
            self.cache.save({name: getattr(self, name) for name in self.PERSISTED})

    def write_search(self, write: Callable[[dict | None], int], pages: int) -> None:
        """Run write(term_cache). A preview serves the rebuilt pages at once and writes the search index
        just after (about half a second for 1,000 entries); the next rebuild waits for it. The first
        build writes it in line: the preview starts complete."""
        self.finish()
        if self.preview and self._terms:
            self._writer = threading.Thread(target=self._write, args=(write, pages), name="policykb-search",
                                            daemon=True)
            self._writer.start()
        else:
            self._write(write, pages)

    def _write(self, write: Callable[[dict | None], int], pages: int) -> None:
        try:
            size = write(self._terms if self.enabled else None)
        except Exception as e:  # noqa: BLE001 - a preview's search thread must report, not die silently
            if not self.preview:
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
