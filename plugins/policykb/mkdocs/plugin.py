"""MkDocs plugin: a thin adapter between the MkDocs build and policykb.core.

on_config     load, validate and link data/ (abort on errors); render pages; expand the nav
on_files      add the rendered pages as generated files
on_page_markdown  resolve [[kind:id]] and <!-- kb:… --> markers in hand-written pages
on_serve      rebuild when data/ changes
"""
from __future__ import annotations

import logging
import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from ..core import build_knowledge_base
from ..core.markers import expand_markers
from ..core.render import render_site, resolve_xrefs
from ..core.render.site import child_themes
from ..core.safelinks import SafeLinksExtension
from .config import PolicyKBConfig

log = logging.getLogger("mkdocs.plugins.policykb")


class PolicyKBPlugin(BasePlugin[PolicyKBConfig]):
    def __init__(self):
        self.kb = None
        self.pages: dict[str, str] = {}
        self.data_dir = ""

    def on_config(self, config):
        base_dir = os.path.dirname(config.config_file_path or ".")
        self.data_dir = os.path.normpath(os.path.join(base_dir, self.config.data_dir))
        kb, problems = build_knowledge_base(self.data_dir, profile=self.config.profile, root=base_dir)
        for problem in problems.sorted():
            (log.error if problem.severity == "错误" else log.warning)(problem.format())
        if problems.errors:
            raise PluginError(f"知识库数据有 {len(problems.errors)} 个错误（见上），站点没有构建。"
                              f"修改后可先运行 `python3 scripts/check.py` 检查。")
        self.kb = kb
        self.pages = render_site(kb)
        if config.nav:
            config.nav = self._expand_nav(config.nav)
        config.markdown_extensions.append(SafeLinksExtension())
        return config

    def _expand_nav(self, nav):
        """Replace the theme index item by a section of theme hubs with sub-themes."""
        target = self.config.nav_themes

        def section(theme):
            children = child_themes(self.kb, theme)
            if not children:
                return {theme.title: theme.src_uri}
            return {theme.title: [theme.src_uri] + [section(c) for c in children]}

        def walk(items):
            out = []
            for item in items:
                if isinstance(item, dict):
                    (title, value), = item.items()
                    if value == target:
                        out.append({title: [target] + [section(t) for t in child_themes(self.kb, None)]})
                    elif isinstance(value, list):
                        out.append({title: walk(value)})
                    else:
                        out.append(item)
                else:
                    out.append(item)
            return out
        return walk(nav)

    def on_files(self, files, *, config):
        for uri, content in sorted(self.pages.items()):
            existing = files.get_file_from_path(uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"docs/{uri} 与知识库生成的页面重名。请给手写页面换一个文件名。")
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, uri, content=content))
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if page.file.src_uri in self.pages:
            return markdown  # generated pages were rendered with links resolved

        def missing(x):
            line = markdown[: markdown.find(f"[[{x.kind}:{x.id}")].count("\n") + 1
            log.warning(f"docs/{page.file.src_uri}:{line}: 引用的条目 `{x.kind}:{x.id}` 不存在。")
        markdown = expand_markers(markdown, page.file.src_uri, self.kb)
        return resolve_xrefs(markdown, page.file.src_uri, self.kb, on_missing=missing)

    def on_serve(self, server, *, config, builder):
        server.watch(self.data_dir)
        return server
