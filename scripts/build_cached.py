#!/usr/bin/env python3
"""A build that starts from the last one's output kept in a cache folder (`scripts/build.sh --cache DIR`).

    .venv/bin/python scripts/build_cached.py --cache DIR [-f mkdocs.yml] [-d site] [--no-strict]

Runs `mkdocs build --dirty` into DIR/site with POLICYKB_CACHE=DIR (see policykb.mkdocs.buildcache):
only the pages whose content changed are converted and written, the search index is rewritten,
pages that are gone are removed. The first build, or one after a change that reaches every page
(mkdocs.yml, docs/, themes, glossary terms, the plugin or its packages), is a full build into an
emptied DIR/site. The result is then copied to the site folder (default: site/ beside mkdocs.yml);
it is byte-identical to a full `mkdocs build` (tests/test_build_cache.py). Keep DIR between runs
(e.g. as a CI cache); one folder per profile (public, internal).
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CacheError(Exception):
    """The build failed or the folders do not fit together (message in Chinese)."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def build_cached(config_file: Path, site_dir: Path | None, cache: Path, strict: bool = True) -> Path:
    """Build into cache/site, then copy it to site_dir (None: no copy). Returns the folder holding the site."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils import clean_directory

    cache = cache.resolve()
    out = cache / "site"
    if site_dir is not None and _inside(cache, site_dir.resolve()):
        raise CacheError(f"缓存目录 {cache} 不能放在站点目录 {site_dir} 里（构建时站点目录会被清空）。")
    if site_dir is not None and _inside(site_dir.resolve(), out) and site_dir.resolve() != out:
        raise CacheError(f"站点目录 {site_dir} 不能放在缓存的 {out} 里。")
    os.environ["POLICYKB_CACHE"] = str(cache)
    try:
        config = load_config(str(config_file), site_dir=str(out), strict=strict)
        config.plugins.on_startup(command="build", dirty=True)
        try:
            build(config, dirty=True)
        finally:
            config.plugins.on_shutdown()
    except exceptions.MkDocsException as e:
        raise CacheError(f"构建失败：{e}") from None
    finally:
        del os.environ["POLICYKB_CACHE"]
    if site_dir is None or site_dir.resolve() == out:
        return out
    # a real copy: the next build writes the cached files in place
    site_dir.mkdir(parents=True, exist_ok=True)
    clean_directory(str(site_dir))
    shutil.copytree(out, site_dir, dirs_exist_ok=True)
    return site_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="从上次构建的缓存出发构建站点：只重建内容有变化的页面，结果与完整构建逐字节相同。")
    parser.add_argument("--cache", required=True, help="缓存目录（上次构建的站点和记录），在多次构建之间保留")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="站点配置，默认 mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="输出目录，默认 mkdocs.yml 旁的 site/")
    parser.add_argument("--no-strict", action="store_true", help="警告不算失败（默认与 mkdocs build --strict 一致）")
    args = parser.parse_args(argv)
    config_file = Path(args.config_file).resolve()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else config_file.parent / "site"
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    start = time.monotonic()
    try:
        build_cached(config_file, site_dir, Path(args.cache), strict=not args.no_strict)
    except CacheError as e:
        print(e, file=sys.stderr)
        return 1
    print(f">> 构建完成（缓存 {args.cache}），用时 {time.monotonic() - start:.1f} 秒，站点在 {site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
