"""Adapter between MkDocs pages and policykb's search index (core.search)."""
from __future__ import annotations

import html as htmllib
import json
import logging
import os
import re
from importlib import resources

from ..core.search import SearchDoc, build_search_files

log = logging.getLogger("mkdocs.plugins.policykb")

WORKER_URL = re.compile(r'"search":\s*"([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
OUR_WORKER = "assets/policykb/search-worker.js"
INPUT_FIX = "assets/policykb/search-input.js"
ASSETS = {OUR_WORKER: "search-worker.js", INPUT_FIX: "search-input.js"}
TABLES = "assets/policykb/tables.js"
A11Y = "assets/policykb/a11y.js"  # 适老化: text size and high-contrast controls; old-core fallbacks
STYLES = "assets/policykb/kb.css"  # styles of the generated pages: tables, charts, handouts and their print rules
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>|<nav[^>]*class="kb-breadcrumb".*?</nav>', re.S)


LISTING_TEXT = 200  # characters of an index page (kind index, A–Z, views) that are searched


def page_text(html: str) -> str:
    """Plain text of rendered page content."""
    return " ".join(htmllib.unescape(_TAG.sub(" ", _HEADERLINK.sub("", html))).split())


def silence_material_index(config) -> None:
    """Material's search plugin keeps its box and result list, but its own index
    is replaced by ours: stop it from indexing (it runs jieba on every page,
    about 3 ms a page, for an index nobody loads)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = lambda page: None
            return


def point_to_our_worker(output: str) -> str:
    """Make Material's search box talk to our worker instead of its own."""
    return WORKER_URL.sub(lambda m: f'"search": "{m.group(1)}{OUR_WORKER}"', output, count=1)


def asset(name: str) -> str:
    return resources.files("policykb").joinpath("assets", name).read_text(encoding="utf-8")


def write_search(site_dir: str, docs: list[SearchDoc], domain_words, with_pinyin: bool = True,
                 term_cache: dict | None = None) -> int:
    """Write the index; shrink Material's own index to nothing (our worker ignores it)."""
    files = build_search_files(docs, domain_words, with_pinyin, term_cache)
    out_dir = os.path.join(site_dir, "search", "policykb")
    os.makedirs(out_dir, exist_ok=True)
    for name, content in files.items():
        _replace(os.path.join(out_dir, name), content)
    material_index = os.path.join(site_dir, "search", "search_index.json")
    config = {"lang": ["zh"], "separator": r"[\s\-]+", "pipeline": []}
    if os.path.exists(material_index):
        with open(material_index, encoding="utf-8") as f:
            config = json.load(f).get("config", config)
    empty = json.dumps({"config": config, "docs": []}, ensure_ascii=False)
    _replace(material_index, empty)
    _replace(os.path.join(site_dir, "search", "search_index.js"),
             f"var __index = {empty}\n")  # what Material's bundle loads from file://
    return sum(len(c.encode("utf-8")) for c in files.values())


def _replace(path: str, content: str) -> None:
    """Write a file whole or not at all (a preview server may be reading it meanwhile)."""
    with open(path + ".part", "w", encoding="utf-8") as f:
        f.write(content)
    os.replace(path + ".part", path)
