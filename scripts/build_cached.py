#!/usr/bin/env python3
"""A build that starts from the last one's output kept in a cache folder (`scripts/build.sh --cache DIR`).

    .venv/bin/python scripts/build_cached.py --cache DIR [-f mkdocs.yml] [-d site] [--no-strict] [--link-from DIR]

Runs `mkdocs build --dirty` into DIR/site with POLICYKB_CACHE=DIR (see policykb.mkdocs.buildcache):
only the pages whose content changed are converted and written, the search index is rewritten,
pages that are gone are removed. The first build, or one after a change that reaches every page
(mkdocs.yml, docs/, themes, glossary terms, the plugin or its packages), is a full build into an
emptied DIR/site. The result is then copied to the site folder (default: site/ beside mkdocs.yml);
it is byte-identical to a full `mkdocs build` (tests/test_build_cache.py). Keep DIR between runs
(e.g. as a CI cache); one folder per profile (public, internal).

The copy is a real one (MkDocs writes the cached files in place): only files the site folder does not
hold yet (same size and modification time) are copied, and files it should not hold are removed.
--link-from OLD (scripts/publish.py: the live release) hard-links the files OLD holds unchanged instead
of copying them; releases are never written in place, so they may share them.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import stat
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CacheError(Exception):
    """The build failed or the folders do not fit together (message in Chinese)."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _same(path: str, source: os.stat_result) -> bool:
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == source.st_size and st.st_mtime_ns == source.st_mtime_ns


def _put(path: str, write) -> None:
    """Write a file under a temporary name and rename it over the old one (never in place: the old one
    may be a hard link shared with a published release)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    part = path + ".policykb-part"
    if os.path.lexists(part):
        os.unlink(part)  # left by an interrupted copy
    write(part)
    os.replace(part, path)


def _listing(folder: str) -> dict[str, os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return {e.name: e for e in entries}
    except (FileNotFoundError, NotADirectoryError):
        return {}


def sync_tree(src: Path, dest: Path, link_from: Path | None = None) -> int:
    """Make dest hold exactly the files of src; returns how many were copied or linked. Files that dest
    (or link_from) holds with the same size and modification time are kept (or hard-linked); top-level
    hidden files of dest are left alone, as MkDocs does when it cleans a site folder. Plain strings and
    os.scandir: a site of 10,000 entries has some 20,000 files to compare."""
    return _sync(os.fspath(src), os.fspath(dest), os.fspath(link_from) if link_from is not None else None, True)


def _sync(src: str, dest: str, link_from: str | None, top: bool) -> int:
    if os.path.islink(dest) or (os.path.lexists(dest) and not os.path.isdir(dest)):
        os.unlink(dest)
    os.makedirs(dest, exist_ok=True)
    held = _listing(dest)
    written = 0
    for name, entry in _listing(src).items():
        source, target = os.path.join(src, name), os.path.join(dest, name)
        linked = os.path.join(link_from, name) if link_from is not None else None
        held.pop(name, None)
        if entry.is_dir(follow_symlinks=False):
            written += _sync(source, target, linked, False)
            continue
        info = entry.stat()
        if _same(target, info):
            continue
        written += 1
        if linked is not None and _same(linked, info):
            try:
                _put(target, lambda part, linked=linked: os.link(linked, part))
                continue
            except OSError:
                pass  # another file system: copy
        _put(target, lambda part, source=source: shutil.copy2(source, part))
    for name, entry in held.items():  # in dest only
        if top and name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            os.unlink(entry.path)
    return written


def build_cached(config_file: Path, site_dir: Path | None, cache: Path, strict: bool = True,
                 link_from: Path | None = None) -> Path:
    """Build into cache/site, then copy it to site_dir (None: no copy). Returns the folder holding the site."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

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
    sync_tree(out, site_dir, link_from)  # a real copy: the next build writes the cached files in place
    return site_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="从上次构建的缓存出发构建站点：只重建内容有变化的页面，结果与完整构建逐字节相同。")
    parser.add_argument("--cache", required=True, help="缓存目录（上次构建的站点和记录），在多次构建之间保留")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="站点配置，默认 mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="输出目录，默认 mkdocs.yml 旁的 site/")
    parser.add_argument("--no-strict", action="store_true", help="警告不算失败（默认与 mkdocs build --strict 一致）")
    parser.add_argument("--link-from", help="已发布的上一版本目录：其中未变的文件用硬链接，不再复制")
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
        build_cached(config_file, site_dir, Path(args.cache), strict=not args.no_strict,
                     link_from=Path(args.link_from) if args.link_from else None)
    except CacheError as e:
        print(e, file=sys.stderr)
        return 1
    print(f">> 构建完成（缓存 {args.cache}），用时 {time.monotonic() - start:.1f} 秒，站点在 {site_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
