#!/usr/bin/env python3
"""A full build in N MkDocs processes, merged into one site (`scripts/build.sh --jobs N`).

    .venv/bin/python scripts/build_parallel.py --jobs 2 [-f mkdocs.yml] [-d site]

This process loads, checks and links data/ and renders the shared pages once (the
plugin's preload), then forks N shards that start from that state. Each shard builds
the whole site structure (nav, sitemap, links) but converts and writes only its slice
of the generated pages (POLICYKB_SHARD=i/N, see policykb.core.site.shards), rendering
its own entry pages: the others are skipped the way `mkdocs build --dirty` skips
unchanged pages. Each shard also tokenises its pages for the search index. The slices
are moved into one folder; files that several shards write (hand-written pages, theme
assets, sitemap) must be byte-identical, and every page of the site must be present.
The search index is then written once from the documents and terms of all shards. The
result is byte-identical to a one-process `mkdocs build` (tests/test_build_parallel.py).
Where there is no fork (Windows), each shard is a new process that loads everything itself.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core.site.shards import SHARD_FILE, ShardRecord  # noqa: E402

DIRTY_NOTE = "A 'dirty' build is being performed"


class MergeError(Exception):
    """The shards' output does not make one consistent site (message in Chinese)."""


class _NoDirtyNote(logging.Filter):
    """A shard skips the pages of other shards through MkDocs' dirty mode; its warning about
    stale navigation does not apply (every shard sees every file) and must not fail --strict."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTE)


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyNote())


def _load(config_file: str, site_dir: str, strict: bool):
    from mkdocs.config import load_config

    config = load_config(config_file, site_dir=site_dir, strict=strict)
    config.plugins.on_startup(command="build", dirty=True)
    return config


def _build(config) -> int:
    """`mkdocs build --dirty` of one shard (POLICYKB_SHARD set): writes its slice only."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build

    try:
        try:
            build(config, dirty=True)
        finally:
            config.plugins.on_shutdown()
    except exceptions.MkDocsException as e:
        print(f"ERROR   -  {e}", file=sys.stderr)
        return 1
    return 0


def build_shard(config_file: str, site_dir: str, strict: bool) -> int:
    """One shard in a process of its own (no fork here): loads everything itself."""
    from mkdocs import exceptions

    _log_to_stderr()
    try:
        config = _load(config_file, site_dir, strict)
    except exceptions.MkDocsException as e:
        print(f"ERROR   -  {e}", file=sys.stderr)
        return 1
    return _build(config)


def fork_shards(config_file: Path, folders: list[Path], strict: bool) -> list[int]:
    """Load and render once here, then fork one shard per folder; their exit codes."""
    from mkdocs import exceptions
    from policykb.mkdocs.plugin import PolicyKBPlugin

    _log_to_stderr()
    try:
        config = _load(str(config_file), str(folders[0]), strict)
        for plugin in config.plugins.values():
            if isinstance(plugin, PolicyKBPlugin):
                plugin.preload(config)
    except exceptions.MkDocsException as e:
        print(f"ERROR   -  {e}", file=sys.stderr)
        raise MergeError("数据或配置有错误（见上），站点没有构建。") from None
    pids = []
    for i, folder in enumerate(folders):
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the shard: never returns into the caller's code
            code = 1
            try:
                os.environ["POLICYKB_SHARD"] = f"{i}/{len(folders)}"
                config["site_dir"] = str(folder)
                code = _build(config)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        pids.append(pid)
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]


def spawn_shards(config_file: Path, folders: list[Path], strict: bool) -> list[int]:
    """One new process per shard (where there is no fork); their exit codes."""
    procs = []
    for i, folder in enumerate(folders):
        env = dict(os.environ, POLICYKB_SHARD=f"{i}/{len(folders)}", NO_MKDOCS_2_WARNING="1")
        cmd = [sys.executable, __file__, "--shard-of", str(config_file), str(folder)]
        procs.append(subprocess.Popen(cmd + (["--strict"] if strict else []), env=env, cwd=config_file.parent))
    return [p.wait() for p in procs]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def merge(shards: list[Path], out: Path) -> ShardRecord:
    """Move the shards' output into `out` (the first shard's folder becomes it); returns the merged record."""
    records = [ShardRecord.loads((s / SHARD_FILE).read_bytes()) for s in shards]
    base = shards[0]
    for shard in shards[1:]:
        for path in _files(shard):
            rel = path.relative_to(shard)
            if rel.as_posix() == SHARD_FILE:
                continue
            target = base / rel
            if target.exists():
                if target.read_bytes() != path.read_bytes():
                    raise MergeError(f"分片 {shard.name} 与 {base.name} 写出的 {rel.as_posix()} 不同，站点没有合并。")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    missing = [p for p in records[0].pages if not (base / p).is_file()]
    if missing:
        raise MergeError(f"合并后缺少 {len(missing)} 个页面，例如 {missing[0]}。")
    (base / SHARD_FILE).unlink()
    if out.exists():  # the last build's site goes aside and is deleted while the search index is written
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, old)
        threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=False).start()
    os.replace(base, out)
    docs = {}
    for record in records:  # hand-written pages are built (and indexed) by every shard: once in the index
        for doc in record.docs:
            if docs.setdefault(doc.location, doc) != doc:
                raise MergeError(f"分片给页面 {doc.location} 的搜索内容不同，站点没有合并。")
    first = records[0]
    terms = {key: value for record in records for key, value in record.terms.items()}
    return ShardRecord(list(docs.values()), first.words, first.search, first.pinyin, first.pages, terms)


def write_search(site: Path, record: ShardRecord) -> None:
    """The search index of the whole site, written once (as the plugin's on_post_build does)."""
    if not record.search:
        return
    from policykb.core.search.docs import ordered
    from policykb.core.search.index import term_cache
    from policykb.mkdocs.search import write_search as write

    docs = ordered(record.docs)  # the plugin's order
    write(str(site), docs, record.words, record.pinyin, term_cache(record.words, record.pinyin, record.terms))


def build_parallel(config_file: Path, site_dir: Path, jobs: int, strict: bool = True) -> None:
    """Run `jobs` shards at once, merge them into site_dir, write the search index. Raises MergeError."""
    work = site_dir.parent / f".{site_dir.name}.shards"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        folders = [work / str(i) for i in range(jobs)]
        codes = (fork_shards if hasattr(os, "fork") else spawn_shards)(config_file, folders, strict)
        failed = [str(i) for i, code in enumerate(codes) if code != 0]
        if failed:
            raise MergeError(f"分片 {', '.join(failed)} 构建失败（见上），站点没有更新。")
        record = merge(folders, site_dir)
        write_search(site_dir, record)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def tree_differences(a: Path, b: Path) -> list[str]:
    """Paths (relative) that are missing on one side or differ in bytes; [] for identical trees."""
    files_a = {p.relative_to(a).as_posix() for p in _files(a)}
    files_b = {p.relative_to(b).as_posix() for p in _files(b)}
    return sorted((files_a ^ files_b) | {f for f in files_a & files_b
                                         if (a / f).read_bytes() != (b / f).read_bytes()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="用 N 个进程并行构建整个站点，合并为一个 site/（与单进程构建逐字节相同）。")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="进程数，默认 CPU 核数")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="站点配置，默认 mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="输出目录，默认 mkdocs.yml 旁的 site/")
    parser.add_argument("--no-strict", action="store_true", help="警告不算失败（默认与 mkdocs build --strict 一致）")
    parser.add_argument("--shard-of", nargs=2, metavar=("CONFIG", "SITE"), help=argparse.SUPPRESS)
    parser.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.shard_of:
        return build_shard(*args.shard_of, strict=args.strict)
    if args.jobs < 1:
        parser.error("--jobs 至少为 1")
    config_file = Path(args.config_file).resolve()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else config_file.parent / "site"
    start = time.monotonic()
    try:
        build_parallel(config_file, site_dir, args.jobs, strict=not args.no_strict)
    except MergeError as e:
        print(f"构建失败：{e}", file=sys.stderr)
        return 1
    print(f">> {args.jobs} 个进程并行构建完成，用时 {time.monotonic() - start:.1f} 秒，站点在 {site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
