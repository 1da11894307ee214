#!/usr/bin/env python3
"""Publish the site atomically: build aside, validate, then switch the live link.

    scripts/publish.sh --live /srv/www/kb [--keep 5] [--profile public|internal] [--cache DIR]

The live path is a symbolic link to a release folder beside it
(`/srv/www/kb.releases/<time>`); point the web server at the link. A new
release is built with `mkdocs build --strict` into a fresh folder, checked
(home page, search index, every internal link resolves), and only then the
link is replaced with one atomic rename. A failed build or check leaves the
live site exactly as it was. Old releases beyond --keep are removed.

With --cache DIR the build starts from the last one kept in DIR (scripts/build_cached.py: only
changed pages are rebuilt, same bytes as a full build) and is copied into the new release folder
(files the live release holds unchanged are hard-linked from it); keep DIR between runs, one per profile.

Only one publication runs at a time (a lock file `.<live>.publish-lock` beside the live link). A
run that is interrupted (Ctrl+C, kill) removes its staging folder on the way
out; one that could not (power loss, kill -9) leaves a `.staging-*` folder
that the next run removes before it starts.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HREF = re.compile(r'(?:href|src)="([^"]+)"')


def build(project: Path, out: Path, profile: str, cache: Path | None = None,
          live: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, POLICYKB_PROFILE=profile, NO_MKDOCS_2_WARNING="1")
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    if cache is not None:  # a dirty build into cache/site, copied to out; files the live release holds
        args = [sys.executable, str(ROOT / "scripts" / "build_cached.py"), "--cache", str(cache)]
        if live is not None and live.is_dir():  # unchanged are hard-linked from it
            args += ["--link-from", str(live.resolve())]
    args += ["-f", str(project / "mkdocs.yml"), "-d", str(out)]
    with subprocess.Popen(args, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as child:
        try:
            stdout, stderr = child.communicate()
        except BaseException:  # interrupted: stop the build before its folder is removed
            child.kill()
            child.wait()
            raise
    return subprocess.CompletedProcess(args, child.returncode, stdout, stderr)


@contextmanager
def publishing_lock(lock_path: Path):
    """One publication at a time; SIGTERM and SIGHUP end the run like Ctrl+C (clean-up included)."""
    import fcntl

    def stop(signum, frame):
        raise KeyboardInterrupt
    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SystemExit(f"另一个发布正在进行（{lock_path}）。请等它结束后再发布。") from None
        try:
            yield
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)


def remove_stale(releases: Path) -> list[str]:
    """Staging folders and switch links left by runs that could not clean up after themselves."""
    removed = []
    for path in releases.glob(".staging-*"):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() and not path.is_symlink() else path.unlink()
        removed.append(path.name)
    return removed


def check_release(site: Path) -> list[str]:
    """Problems that must stop a release: missing essentials, broken internal links."""
    problems = [f"缺少 {name}" for name in ("index.html", "404.html", "search/policykb/meta.js")
                if not (site / name).is_file()]
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: 链接 {href} 指向不存在的文件")
    return problems


def switch(live: Path, release: Path) -> None:
    """Point `live` at `release` with one rename (atomic on POSIX file systems)."""
    if live.exists() and not live.is_symlink():
        raise SystemExit(f"{live} 是普通目录，不是符号链接。请先把它移走（例如改名为 {live}.old），再发布。")
    tmp = live.with_name(f".{live.name}.switch")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(release)
    os.replace(tmp, live)


def prune(releases: Path, live: Path, keep: int) -> None:
    current = live.resolve() if live.exists() else None
    folders = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in folders[:-keep] if keep > 0 else []:
        if old.resolve() != current:
            shutil.rmtree(old)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建、检查并原子地发布站点。")
    parser.add_argument("--live", required=True, help="网站服务器指向的路径（符号链接）")
    parser.add_argument("--project", default=str(ROOT), help="项目目录（含 mkdocs.yml），默认本仓库")
    parser.add_argument("--profile", choices=("public", "internal"), default="public")
    parser.add_argument("--keep", type=int, default=5, help="保留的历史版本数")
    parser.add_argument("--cache", help="构建缓存目录：从上次构建出发，只重建有变化的页面（每个 profile 一个）")
    args = parser.parse_args(argv)
    live = Path(args.live).absolute()
    releases = live.with_name(live.name + ".releases")
    releases.mkdir(parents=True, exist_ok=True)
    with publishing_lock(live.with_name(f".{live.name}.publish-lock")):
        for name in remove_stale(releases):
            print(f"已删除上次中断的发布留下的 {name}", file=sys.stderr)
        return publish(live, releases, Path(args.project).resolve(), args.profile, args.keep,
                       Path(args.cache).absolute() if args.cache else None)


def publish(live: Path, releases: Path, project: Path, profile: str, keep: int, cache: Path | None = None) -> int:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    staging = releases / f".staging-{stamp}"
    try:
        result = build(project, staging, profile, cache, live)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            print(f"发布失败：构建没有通过，线上站点 {live} 保持不变。", file=sys.stderr)
            return 1
        problems = check_release(staging)
        if problems:
            print("\n".join(problems[:50]), file=sys.stderr)
            print(f"发布失败：构建结果检查出 {len(problems)} 个问题，线上站点 {live} 保持不变。", file=sys.stderr)
            return 1
        release = releases / stamp
        staging.rename(release)
    except KeyboardInterrupt:
        print(f"发布被中断，线上站点 {live} 保持不变。", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    switch(live, release)
    prune(releases, live, keep)
    print(f"已发布：{live} → {release}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
