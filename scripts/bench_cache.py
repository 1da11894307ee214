#!/usr/bin/env python3
"""Incremental publish benchmark: a one-entry edit rebuilt from the build cache (scripts/build_cached.py).

    .venv/bin/python scripts/bench_cache.py [--sizes 1000,10000] [--keep DIR]

For each N it generates a knowledge base (scripts/gen_kb.py, fixed seed) and times, each in its own
process as CI would run them: a full `mkdocs build`; the first build with an empty cache folder (a
full build that also saves the cache); then, after editing the title and body of one measure, the
build from the cache, with the copy to site/ included. The result is compared with a clean full
`mkdocs build` of the edited data. Prints a Markdown table; nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from build_parallel import tree_differences  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def edit_one_entry(project: Path) -> None:
    """Title and body of the first measure."""
    path = project / "data" / "measures" / "measures-000.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  title: ", "  title: 基准修改", 1).replace("  body: '", "  body: '基准修改的正文。", 1)
    path.write_text(text, encoding="utf-8")


def row(n: int, work: Path) -> str:
    project = work / f"kb{n}"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_kb.py"), str(n), str(project)], check=True,
                   env=ENV, capture_output=True)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    cached = [sys.executable, str(ROOT / "scripts" / "build_cached.py"), "--cache", str(project / ".cache"),
              "-f", str(project / "mkdocs.yml"), "--no-strict"]
    full_s = timed(mkdocs + ["-d", str(project / "full")], project)
    first_s = timed(cached, project)
    edit_one_entry(project)
    rebuild_s = timed(cached, project)
    timed(mkdocs + ["-d", str(project / "full")], project)
    different = tree_differences(project / "full", project / "site")
    same = "是" if not different else f"**否**（{len(different)} 个文件不同，例如 {different[0]}）"
    state = (project / ".cache" / "state.pickle").stat().st_size / 2**20
    return f"| {n:,} | {full_s:.1f} s | {first_s:.1f} s | {rebuild_s:.1f} s | {state:.0f} MB | {same} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="条目数，逗号分隔")
    parser.add_argument("--keep", help="生成的项目放在这里并保留（默认临时目录，结束后删除）")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-cache-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| 条目数 | 完整构建 | 首次带缓存构建 | 改一个条目后从缓存构建 | 缓存记录 | 与完整构建逐字节相同 |")
    print("|---:|---:|---:|---:|---:|---|")
    try:
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            print(row(n, work), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
