#!/usr/bin/env python3
"""What pinyin costs: search index size per page and build time, with and without
pinyin keys, on the bundled data and on a generated knowledge base.

    .venv/bin/python scripts/bench_search.py [--size 2000] [--runs 1]

Prints figures only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(project: Path, out: Path, pinyin: bool) -> float:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if not pinyin:
        config = config.replace("  - policykb:\n", "  - policykb:\n      search_pinyin: false\n", 1)
    cfg = project / ".bench-search.yml"
    cfg.write_text(config, encoding="utf-8")
    start = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out)], cwd=project,
                       check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True)
    finally:
        cfg.unlink()
    return time.perf_counter() - start


def index_figures(site: Path) -> tuple[int, int]:
    folder = site / "search" / "policykb"
    size = sum(p.stat().st_size for p in folder.glob("*.js"))
    meta = (folder / "meta.js").read_text(encoding="utf-8")
    pages = len(json.loads(meta[len("self.__kbMeta="):].rstrip(";\n"))["docs"])
    return size, pages


def measure(name: str, project: Path, runs: int) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for pinyin in (False, True):
            times = [build(project, Path(tmp) / f"site-{pinyin}-{i}", pinyin) for i in range(runs)]
            size, pages = index_figures(Path(tmp) / f"site-{pinyin}-0")
            rows.append(f"| {name} | {'有' if pinyin else '无'} | {pages} | {size / 1024:.0f} KB | "
                        f"{size / pages / 1024:.2f} KB | {min(times):.1f} s |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="条目数（生成的知识库）")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print("| 知识库 | 拼音键 | 页面数 | 搜索索引 | 每页 | 构建时间 |")
    print("|---|---|---:|---:|---:|---:|")
    for row in measure("随附数据", ROOT, args.runs):
        print(row, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_kb.py"), str(args.size), tmp], check=True,
                       capture_output=True)
        for row in measure(f"生成 {args.size} 条", Path(tmp), args.runs):
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
