"""The build-time exports of export.py, each spreadsheet made again only when its rows changed.

A build cache keeps {site path: (digest of the rows, bytes)} between builds: a one-entry edit
remakes the sheets of that entry's kind (and of kinds whose rows name it) and the JSON export;
the other spreadsheets (about 1 ms a row in Excel) are taken from the cache. Same files and
bytes as site.sitesource.export_files (tests/test_build_cache.py compares whole sites).
"""
from __future__ import annotations

import hashlib
import pickle

from .export import csv_bytes, knowledge_base_json, sheets, xlsx_bytes
from .sheets import rows

JSON_PATH = "exports/knowledge-base.json"


def _digest(*parts) -> bytes:
    return hashlib.sha1(pickle.dumps(parts, protocol=4)).digest()


def export_files_cached(kb, cache: dict) -> dict[str, bytes]:
    """{site path: bytes} of every export; cache (kept by the caller) is updated to this build's files."""
    out: dict[str, bytes] = {}
    kept: dict = {}
    for stem, (kind, columns, label) in sheets().items():
        table = rows(kb, kind, columns)
        for path, make in ((f"exports/{stem}.csv", lambda t=table: csv_bytes(t)),
                           (f"exports/{stem}.xlsx", lambda t=table, lb=label: xlsx_bytes(t, lb))):
            key = _digest(path, table, label)
            found = cache.get(path)
            kept[path] = found if found is not None and found[0] == key else (key, make())
            out[path] = kept[path][1]
    out[JSON_PATH] = knowledge_base_json(kb)
    cache.clear()
    cache.update(kept)
    return dict(sorted(out.items()))
