"""A build cache folder kept between `mkdocs build` runs, as a CI cache keeps it (scripts/build.sh --cache DIR).

With POLICYKB_CACHE=DIR, `mkdocs build --dirty -d DIR/site` starts from the last successful build:

- DIR/site/          the output of the last successful build; this build writes into it
- DIR/state.pickle   what incremental.Rebuilds keeps between builds (hashes of the generated files,
                     search documents, parsed YAML, ...), with the key of everything site-wide

The state is used only if its key matches this build's: mkdocs.yml (and the environment variables it
reads with !ENV), every file under docs/ and the theme's custom_dir, the policykb source files, the
installed packages and their versions, Python and the profile. Otherwise, or if the state cannot be read,
the site folder is emptied and the build is a full one. The state file is removed before the build starts
writing and saved again only after a successful build: an interrupted or failed build leaves no state
that claims a complete site. After the build, files of the site folder that this build neither wrote
nor kept (pages of deleted entries, search index files no longer used) are removed.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import marshal
import os
import pickle
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.policykb")

STATE_VERSION = 3
STATE = "state.pickle"
SITE = "site"
PACKAGE = Path(__file__).resolve().parent.parent   # plugins/policykb: core, adapter and assets
_ENV = re.compile(rb"!ENV\s*\[?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)")
DIRTY_NOTES = ("A 'dirty' build is being performed", "The directory contains stale files")


class _NoDirtyNote(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation and files; a cached build rebuilds
    every page whose output can differ and removes stale files, so the notes do not apply (and the
    warning must not fail --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_NOTES)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Reading or writing a large state makes millions of objects: the collector would scan them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _marshalled(value) -> bytes | None:
    """Plain data (the search index's term cache: millions of small tuples) in marshal's format, which
    writes and reads it about ten times faster than pickle; None for values marshal cannot hold."""
    try:
        return marshal.dumps(value)
    except ValueError:
        return None


def _tree(h, folder: str | os.PathLike | None) -> None:
    if not folder or not os.path.isdir(folder):
        return
    root = Path(folder)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")


def site_key(config, profile: str) -> str:
    """Changes whenever something changes that every page of the site may show."""
    h = hashlib.sha256()
    text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    env = sorted({m.decode("ascii") for m in _ENV.findall(text)})
    h.update(repr([STATE_VERSION, profile, sys.version, [(n, os.environ.get(n)) for n in env]]).encode("utf-8"))
    h.update(text + b"\0")
    for folder in (config.docs_dir, config.theme.custom_dir, PACKAGE):
        _tree(h, folder)
    packages = sorted(f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions())
    h.update("\n".join(packages).encode("utf-8"))
    return h.hexdigest()


class BuildCache:
    def __init__(self, folder: str):
        self.folder = os.path.abspath(folder)
        self.state_file = os.path.join(self.folder, STATE)
        self.site_dir = os.path.join(self.folder, SITE)
        self.key = ""
        self.start = 0   # file system time when this build started (files written later are its own)
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyNote())

    @classmethod
    def from_env(cls, command: str, dirty: bool) -> BuildCache | None:
        folder = os.environ.get("POLICYKB_CACHE", "").strip()
        if not folder or os.environ.get("POLICYKB_SHARD"):
            return None
        if command != "build" or not dirty:
            log.info("policykb: POLICYKB_CACHE 只用于 `mkdocs build --dirty`（scripts/build.sh --cache），本次不用。")
            return None
        return cls(folder)

    def open(self, config, profile: str) -> dict | None:
        """The state of the last build if it holds for this one. If not, the site folder is emptied:
        this build is a full one."""
        if os.path.realpath(config.site_dir) != os.path.realpath(self.site_dir):
            raise PluginError(f"使用构建缓存（POLICYKB_CACHE={self.folder}）时，输出目录必须是 {self.site_dir}，"
                              f"现在是 {config.site_dir}。请用 scripts/build.sh --cache 构建。")
        os.makedirs(self.folder, exist_ok=True)
        self.key = site_key(config, profile)
        state = self._read()
        if state is None:
            self.invalidate()
            shutil.rmtree(self.site_dir, ignore_errors=True)
        marker = os.path.join(self.folder, ".build-start")
        with open(marker, "wb"):
            pass
        self.start = os.stat(marker).st_mtime_ns
        os.remove(marker)
        self._no_future_times()
        return state

    def _no_future_times(self) -> None:
        """A cache restored from a machine whose clock runs ahead holds files that seem written after this
        build started: set them back, or remove_stale() would take them for this build's own."""
        for folder, _dirs, names in os.walk(self.site_dir):
            for name in names:
                path = os.path.join(folder, name)
                if os.lstat(path).st_mtime_ns >= self.start:
                    os.utime(path, ns=(0, 0), follow_symlinks=False)

    def _read(self) -> dict | None:
        if not os.path.exists(self.state_file) or not os.path.isdir(self.site_dir):
            log.info(f"policykb: 构建缓存 {self.folder} 中没有上次成功构建的记录，完整构建。")
            return None
        try:
            with open(self.state_file, "rb") as f, _no_gc():
                state = pickle.load(f)  # noqa: S301 - our own file, written by save() below
        except Exception as e:  # noqa: BLE001 - any unreadable state just means a full build
            log.info(f"policykb: 构建缓存的记录无法读取（{type(e).__name__}），完整构建。")
            return None
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            log.info("policykb: 构建缓存的记录来自另一版本的插件，完整构建。")
            return None
        if state.get("key") != self.key:  # the key holds the Python version: marshal's format is safe to read
            log.info("policykb: mkdocs.yml、docs/、插件或所装软件包有变化，完整构建。")
            return None
        try:
            with _no_gc():
                return {**state["pickled"], **{k: marshal.loads(v) for k, v in state["marshalled"].items()}}
        except Exception as e:  # noqa: BLE001
            log.info(f"policykb: 构建缓存的记录无法读取（{type(e).__name__}），完整构建。")
            return None

    def invalidate(self) -> None:
        """From now on the site folder is being written: no state may claim it is complete."""
        try:
            os.remove(self.state_file)
        except FileNotFoundError:
            pass

    def save(self, state: dict) -> None:
        """Written whole or not at all (a temporary file renamed over the old one). A state that cannot
        be written is reported: the site is built, the next build is a full one."""
        part = self.state_file + ".part"
        try:
            with _no_gc():
                marshalled = {name: data for name, data in ((n, _marshalled(v)) for n, v in state.items())
                              if data is not None}
                pickled = {name: value for name, value in state.items() if name not in marshalled}
                with open(part, "wb") as f:
                    pickle.dump({"version": STATE_VERSION, "key": self.key, "marshalled": marshalled,
                                 "pickled": pickled}, f, protocol=pickle.HIGHEST_PROTOCOL)
                    f.flush()
                    os.fsync(f.fileno())
            os.replace(part, self.state_file)
        except (OSError, pickle.PicklingError) as e:
            log.warning(f"policykb: 构建缓存的记录没有保存（{e}），下次构建将是完整构建。")

    def remove_stale(self, kept: Iterable[str]) -> int:
        """Remove the files of the site folder this build neither wrote nor kept; returns how many."""
        kept = {os.path.normpath(p) for p in kept}
        removed = 0
        for folder, _dirs, names in os.walk(self.site_dir, topdown=False):
            for name in names:
                path = os.path.join(folder, name)
                if path not in kept and os.lstat(path).st_mtime_ns < self.start:
                    os.remove(path)
                    removed += 1
            if folder != self.site_dir and not os.listdir(folder):
                os.rmdir(folder)
        return removed
