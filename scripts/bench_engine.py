#!/usr/bin/env python3
"""What MkDocs + Material cost per page by themselves: N near-empty pages, no policykb plugin.

    .venv/bin/python scripts/bench_engine.py [--sizes 1000,10000]

Each page is a heading and one sentence; the pages are out of the nav (as policykb's entry pages are), so
the figure is the engine's floor for a page: reading, a Markdown instance and conversion, Material's
templates, writing. Compare with scripts/bench.py's per-page cost of real entry pages. Prints figures only.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIG = """site_name: 空页面基准
theme:
  name: material
  language: zh
plugins: []
not_in_nav: |
  /p/
nav:
  - index.md
"""


def build_seconds(n: int, work: Path) -> float:
    docs = work / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n\n说明。\n", encoding="utf-8")
    for i in range(n):
        (docs / "p" / f"e{i:05d}.md").write_text(f"# 条目 {i}\n\n这是第 {i} 个条目的一段简短正文。\n", encoding="utf-8")
    (work / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")], cwd=work, env=env,
                   check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="MkDocs + Material 本身每页的成本（近乎空白的页面，不用本插件）")
    parser.add_argument("--sizes", default="1000,10000", help="页面数，逗号分隔")
    args = parser.parse_args()
    print("| 页面数 | 构建（单进程） | 每页 |\n|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="policykb-engine-") as tmp:
            seconds = build_seconds(n, Path(tmp))
        print(f"| {n:,} | {seconds:.1f} s | {seconds / n * 1000:.1f} ms |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
