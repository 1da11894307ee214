"""Where kind-specific pages plug in: extra sections of an entry page and extra pages.

courses.py and views.py register here: SECTIONS[kind] holds functions (kb, writer, entry)
-> Markdown lines, shown after the entry's own fields; PAGES holds functions
(kb) -> {site path: Markdown}; HIDDEN_BACKLINKS[kind] names referring fields whose
backlinks such a section already shows.
"""
from __future__ import annotations

SECTIONS: dict[str, list] = {}
PAGES: list = []
HIDDEN_BACKLINKS: dict[str, set] = {}


def hide_backlinks(kind: str, *fields: str) -> None:
    HIDDEN_BACKLINKS.setdefault(kind, set()).update(fields)


def section(kind: str):
    def register(fn):
        SECTIONS.setdefault(kind, []).append(fn)
        return fn
    return register


def pages(fn):
    PAGES.append(fn)
    return fn
