"""MkDocs plugin `policykb`: engine glue only; what the site holds comes from policykb.core.

The adapter calls core (SiteSource, search documents, exports) and hands the results to MkDocs; core
never imports it. Core's Markdown extensions (safelinks, fastlists) run in MkDocs' page conversion.
Incremental builds (`serve --dirty`, POLICYKB_CACHE) and shards (POLICYKB_SHARD): incremental.py.

on_startup        `serve --dirty` or `build --dirty` with a cache folder turn on incremental builds
on_config         load, check and link data/ (errors abort; done once before forking shards: preload);
                  expand the theme nav; add Markdown extensions, scripts, styles, polyfills
on_files          add generated pages (out of the nav unless it names them), assets and exports; refuse hand-
                  written pages they would overwrite; skip unchanged files and other shards' files
on_nav            pages not converted here are read for their titles in the nav
on_env            serve --dirty keeps compiled templates; a cached build's state is void from here
on_page_markdown  data pages: raw HTML off (safelinks); hand-written pages: [[kind:id]] and <!-- kb:… -->
on_page_content   data pages: HTML allowlist; glossary terms marked; the page's search document
on_post_page      the search box talks to our worker; the HTML is compacted (compact.py)
on_post_template  the same worker patch in the other templates (404.html)
on_post_build     Material's scripts made offline; our search index (or a shard's record); stale output removed
on_build_error    a failed cached build saves no state
on_serve          data/ is watched as well
on_shutdown       a background write of the search index is waited for; a cached build saves its state
"""
from __future__ import annotations

import logging
import os
from functools import partial

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from ..core import build_knowledge_base
from ..core.markdown.fastlists import FastListsExtension
from ..core.markdown.safelinks import SafeLinksExtension, unsafe_features
from ..core.render.nav import expand_theme_nav
from ..core.search.docs import domain_words, ordered
from ..core.site.sitesource import SiteError, SiteSource, accept, name_clash
from . import offline, search, theme
from .compact import compact_html
from .config import PolicyKBConfig
from .incremental import Rebuilds, Slice

log = logging.getLogger("mkdocs.plugins.policykb")
# generated pages are reached from hubs and indexes; those a nav names still show in it
OUT_OF_NAV, UNSET = InclusionLevel.NOT_IN_NAV, InclusionLevel.UNDEFINED


def _report(problem) -> None:
    {"错误": log.error, "提示": log.info}.get(problem.severity, log.warning)(problem.format())


class PolicyKBPlugin(BasePlugin[PolicyKBConfig]):
    def __init__(self):
        self.site: SiteSource | None = None
        self.preloaded = False
        self.data_dir = ""
        self.rebuilds = Rebuilds()
        self.slice: Slice | None = None
        self.doc_files: list[File] = []
        self.safe_links = SafeLinksExtension()

    def on_startup(self, *, command, dirty):
        self.rebuilds.start(command, dirty)

    def preload(self, config) -> None:
        """Load data/ and render the shared pages before a parallel build forks its shards
        (scripts/build_parallel.py): every shard starts from this, and warnings are shown once."""
        self._load(config, parallel=True)
        self.preloaded = True

    def _load(self, config, parallel: bool = False) -> None:
        for message in unsafe_features(config.theme.get("features")):
            raise PluginError(message)
        base_dir = os.path.dirname(config.config_file_path or ".")
        self.data_dir = os.path.normpath(os.path.join(base_dir, self.config.data_dir))
        kb, problems = build_knowledge_base(self.data_dir, profile=self.config.profile, root=base_dir,
                                            history=True, parallel=parallel,
                                            **self.rebuilds.load_caches(config, self.config.profile))
        try:
            accept(problems, _report, config.strict)
        except SiteError as e:
            raise PluginError(str(e)) from None
        self.site = SiteSource.of(kb)

    def on_config(self, config):
        self.rebuilds.finish()
        if not self.preloaded:
            self._load(config)
        self.slice = Slice()
        self.rebuilds.new_build(self.site.site_wide_signature)
        if config.nav:
            config.nav = expand_theme_nav(self.site.kb, config.nav, self.config.nav_themes)
        config.markdown_extensions.extend([self.safe_links, FastListsExtension()])
        theme.configure(config, self.config.search)
        return config

    def on_files(self, files, *, config):
        assets = theme.files(self.config.search)
        clash = name_clash([f.src_uri for f in files if not f.generated_by], self.site.paths(assets))
        if clash:
            raise PluginError(clash)
        self.slice.assign(self.site.kb, self.site.paths(assets))
        exports = partial(self.rebuilds.exports, self.site.kb)
        for uri, content, page in self.site.files(assets, self.slice.skips, exports):
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)  # another plugin's file of the same name
            file = File.generated(config, uri, content=content, inclusion=OUT_OF_NAV if page else UNSET)
            if self.slice.skips(uri) or self.rebuilds.unchanged(uri, content, file.abs_dest_path):
                file.is_modified = lambda: False  # kept from the last build, or another shard writes it
            files.append(file)
        self.rebuilds.track(files, self.site.generated)
        self.doc_files = list(files.documentation_pages())
        return files

    def on_nav(self, nav, *, config, files):
        for page in nav.pages:
            if self.slice.skips(page.file.src_uri) or self.rebuilds.kept(page.file.src_uri):  # title for the nav
                page.read_source(config)
        return nav

    def on_env(self, env, *, config, files):
        if self.rebuilds.enabled:  # the engine makes a new template environment per rebuild
            env.bytecode_cache = self.rebuilds.templates
        self.rebuilds.writing()
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        # a page made from data is converted with raw HTML switched off (see core/markdown/safelinks.py)
        self.safe_links.data_page = self.site.generated(page.file.src_uri)
        return self.site.page_markdown(page.file.src_uri, markdown, log.warning)

    def on_page_content(self, html, *, page, config, files):
        self.safe_links.data_page = False
        uri = page.file.src_uri
        html = self.site.page_html(uri, html, lambda t: files.get_file_from_path(t.href).url_relative_to(page.file))
        if self.config.search:
            self.rebuilds.docs[uri] = self.site.search_doc(uri, page.url, html, page.title)
        return html

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
        for url in offline.localise_assets(config.site_dir):
            log.warning(f"Material 的脚本引用了外部地址 {url}，内网无法访问；请在 policykb 中提供本地副本。")
        if self.config.search:
            search.remove_material_search(config.site_dir)
        words = domain_words(self.site.kb)
        # pages not rebuilt by a preview keep their document of the last build
        docs = [self.rebuilds.docs[f.src_uri] for f in self.doc_files if f.src_uri in self.rebuilds.docs]
        if self.slice.shard is not None:  # the merge writes one search index from every shard's documents
            self.slice.write_record(config.site_dir, docs, words, self.config, [f.dest_uri for f in self.doc_files])
        elif self.config.search:
            docs = ordered(docs)
            self.rebuilds.write_search(lambda cache: search.write_search(
                config.site_dir, docs, words, self.config.search_pinyin, cache), len(docs))
        self.rebuilds.built()

    def on_serve(self, server, *, config, builder):
        server.watch(self.data_dir)
        return server

    def on_build_error(self, *, error) -> None:
        self.rebuilds.failed()

    def on_shutdown(self) -> None:
        self.rebuilds.close()
