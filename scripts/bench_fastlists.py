#!/usr/bin/env python3
"""What the fast link-list processor saves: Markdown conversion of every generated page, with and without it.

    .venv/bin/python scripts/bench_fastlists.py [DATA_DIR]

Converts each generated page (front matter stripped) with the Markdown extensions of mkdocs.yml plus
safelinks, a new Markdown instance per page as MkDocs makes it, once without and once with
core.markdown.fastlists, twice each; prints the lower CPU time of each. Prints figures only.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import markdown  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.markdown.fastlists import FastListsExtension  # noqa: E402
from policykb.core.markdown.safelinks import SafeLinksExtension  # noqa: E402
from policykb.core.render import render_site  # noqa: E402


def convert_all(pages: dict[str, str], config, fast: bool) -> float:
    start = time.process_time()
    for text in pages.values():
        extensions = [*config.markdown_extensions, SafeLinksExtension(), *([FastListsExtension()] if fast else [])]
        md = markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)
        md.convert(text.split("---", 2)[2])
    return time.process_time() - start


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    config = load_config(str(ROOT / "mkdocs.yml"))
    kb, _ = build_knowledge_base(data)
    pages = render_site(kb)
    runs = {fast: min(convert_all(pages, config, fast) for _ in range(2)) for fast in (False, True)}
    print(f"{len(pages)} 个生成页面：不用 fastlists {runs[False]:.2f} s，用 {runs[True]:.2f} s"
          f"（少 {1 - runs[True] / runs[False]:.0%}，进程 CPU 时间）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
