"""When each entry last changed, from the git history of its YAML file.

One `git blame` per data file gives the commit time of every line; an entry
was last updated when the newest of its lines was committed. Outside a git
checkout (or without git) there are simply no dates.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from collections import defaultdict
from pathlib import Path

from .model import Entry, KnowledgeBase


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


def add_update_dates(kb: KnowledgeBase, root: Path) -> None:
    """Fill kb.updated {entry key: 'YYYY-MM-DD'} for entries in committed files."""
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for entry in kb.entries.values():
        by_file[entry.path].append(entry)
    for rel, entries in by_file.items():
        times = _line_times(root / rel)
        if not times:
            continue
        entries.sort(key=lambda e: e.line)
        starts = [e.line for e in entries] + [max(times) + 1]
        for entry, start, end in zip(entries, starts, starts[1:]):
            stamps = [times[n] for n in range(start, end) if n in times]
            if stamps:
                day = dt.datetime.fromtimestamp(max(stamps), dt.timezone.utc).date()
                kb.updated[entry.key] = day.isoformat()
