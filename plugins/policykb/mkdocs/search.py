"""Every patch of Material's search plugin, in one place (policykb's search index is core.search).

Material's search box and result list stay; what is behind them is ours:

- configure()            its plugin stops indexing pages (it runs jieba on each, about 3 ms a page, for an
                         index nobody loads); our input fix script is added to the pages
- files()                our search worker and input fix, as files of the site
- point_to_our_worker()  the worker URL in each page's and template's Material config is ours
- write_search()         our index (core.search.docs) is written; Material's own index is emptied
- remove_material_search()  Material's unused worker and Lunr are deleted from the built site
"""
from __future__ import annotations

import glob
import json
import os
import re
import shutil

from ..core.search import SearchDoc
from ..core.search.docs import replace_file, write_index
from ..core.site.assets import asset

WORKER_URL = re.compile(r'"search":\s*"([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
OUR_WORKER = "assets/policykb/search-worker.js"
INPUT_FIX = "assets/policykb/search-input.js"
ASSETS = {OUR_WORKER: "search-worker.js", INPUT_FIX: "search-input.js"}


def configure(config) -> None:
    """Silence Material's indexing; load our input fix."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = lambda page: None
            break
    if INPUT_FIX not in config.extra_javascript:
        config.extra_javascript.append(INPUT_FIX)


def files() -> dict[str, str]:
    return {uri: asset(name) for uri, name in ASSETS.items()}


def point_to_our_worker(output: str) -> str:
    """Make Material's search box talk to our worker instead of its own."""
    return WORKER_URL.sub(lambda m: f'"search": "{m.group(1)}{OUR_WORKER}"', output, count=1)


def write_search(site_dir: str, docs: list[SearchDoc], domain_words, with_pinyin: bool = True,
                 term_cache: dict | None = None) -> int:
    """Write our index; shrink Material's own index to nothing (our worker ignores it)."""
    size = write_index(site_dir, docs, list(domain_words), with_pinyin, term_cache)
    material_index = os.path.join(site_dir, "search", "search_index.json")
    config = {"lang": ["zh"], "separator": r"[\s\-]+", "pipeline": []}
    if os.path.exists(material_index):
        with open(material_index, encoding="utf-8") as f:
            config = json.load(f).get("config", config)
    empty = json.dumps({"config": config, "docs": []}, ensure_ascii=False)
    replace_file(material_index, empty)
    replace_file(os.path.join(site_dir, "search", "search_index.js"),
                 f"var __index = {empty}\n")  # what Material's bundle loads from file://
    return size


def remove_material_search(site_dir: str) -> None:
    """Delete Material's search worker and Lunr (our worker replaces them)."""
    shutil.rmtree(os.path.join(site_dir, "assets", "javascripts", "lunr"), ignore_errors=True)
    workers = os.path.join(site_dir, "assets", "javascripts", "workers")
    for path in glob.glob(os.path.join(workers, "search.*.js")):
        os.remove(path)
    if os.path.isdir(workers) and not os.listdir(workers):
        os.rmdir(workers)
