"""When each entry last changed, from the git history of its YAML file.

One `git blame` per data file gives the commit time of every line; an entry
was last updated when the newest of its lines was committed. Outside a git
checkout (or without git) there are simply no dates.

The blames run side by side (each is a separate git process), and a caller
that rebuilds often (`mkdocs serve`) passes a cache: a file is blamed again
only when it or the checked-out commit changed.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..model.entries import Entry, KnowledgeBase


def _line_times(path: Path) -> dict[int, int]:
    try:
        out = subprocess.run(["git", "blame", "--line-porcelain", "--", path.name], cwd=path.parent,
                             capture_output=True, text=True, timeout=120, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    times, line, commit_time = {}, 0, {}
    current = None
    for row in out.splitlines():
        if row.startswith("\t"):
            times[line] = commit_time[current]
            continue
        parts = row.split(" ")
        if len(parts[0]) == 40 and len(parts) >= 3 and parts[1].isdigit():
            current, line = parts[0], int(parts[2])
        elif row.startswith("committer-time ") and current:
            commit_time[current] = int(row.split(" ", 1)[1])
    return times


def _head(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _file_key(path: Path, head: str) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), head)
    return (str(path), head, stat.st_mtime_ns, stat.st_size)


def _all_line_times(root: Path, rels: list[str], cache: dict | None) -> dict[str, dict[int, int]]:
    paths = {rel: root / rel for rel in rels}
    if cache is None:
        todo, keys = rels, {}
    else:
        head = _head(root)
        keys = {rel: _file_key(paths[rel], head) for rel in rels}
        todo = [rel for rel in rels if keys[rel] not in cache]
    with ThreadPoolExecutor(max_workers=4) as pool:
        fresh = dict(zip(todo, pool.map(lambda rel: _line_times(paths[rel]), todo)))
    if cache is None:
        return fresh
    found = {rel: fresh[rel] if rel in fresh else cache[keys[rel]] for rel in rels}
    cache.clear()  # forget files and commits no longer in play
    cache.update({keys[rel]: times for rel, times in found.items()})
    return found


def add_update_dates(kb: KnowledgeBase, root: Path, cache: dict | None = None) -> None:
    """Fill kb.updated {entry key: 'YYYY-MM-DD'} for entries in committed files.

    cache, kept by the caller between runs, saves blaming files that did not change."""
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for entry in kb.entries.values():
        by_file[entry.path].append(entry)
    line_times = _all_line_times(root, sorted(by_file), cache)
    for rel, entries in by_file.items():
        times = line_times.get(rel)
        if not times:
            continue
        entries.sort(key=lambda e: e.line)
        starts = [e.line for e in entries] + [max(times) + 1]
        for entry, start, end in zip(entries, starts, starts[1:]):
            stamps = [times[n] for n in range(start, end) if n in times]
            if stamps:
                day = dt.datetime.fromtimestamp(max(stamps), dt.timezone.utc).date()
                kb.updated[entry.key] = day.isoformat()
