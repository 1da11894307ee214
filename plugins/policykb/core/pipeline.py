"""The whole core pipeline in one call: load → validate → link."""
from __future__ import annotations

from pathlib import Path

from .linker import link, select_visible
from .lint import lint_entry
from .loader import load_entries
from .model import KnowledgeBase
from .problems import Problems


def build_knowledge_base(data_dir: str | Path, profile: str = "public",
                         root: str | Path | None = None) -> tuple[KnowledgeBase, Problems]:
    """Load and link every entry below data_dir. Problems are collected, not raised.

    `root` is the folder problem paths are shown relative to (default: the
    parent of data_dir, so that paths read `data/…`).
    """
    data_dir = Path(data_dir)
    problems = Problems(root=Path(root) if root else data_dir.resolve().parent)
    entries = load_entries(data_dir, problems)
    visible, hidden = select_visible(entries, profile)
    kb = link(visible, problems, hidden)
    for entry in kb.entries.values():
        lint_entry(entry, problems)
    return kb, problems
