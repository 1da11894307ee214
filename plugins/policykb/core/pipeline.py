"""The whole core pipeline in one call: load → validate → link."""
from __future__ import annotations

from pathlib import Path

from .link.linker import link, select_visible
from .load.history import add_update_dates
from .load.lint import lint_entry
from .load.loader import load_entries
from .load.slugs import assign_slugs
from .model.entries import KnowledgeBase
from .model.problems import Problems


def derive_fields(kb: KnowledgeBase) -> None:
    """Fill derived fields (a glossary term's pinyin) where the author left them out."""
    todo = [(entry, name, derive) for entry in kb.entries.values()
            for name, derive in entry.kind.derived.items() if not entry.data.get(name)]
    if not todo:
        return
    from .lang.pinyin import available
    if not available():
        return
    for entry, name, derive in todo:
        entry.data[name] = derive(entry)


def report_drafts(entries, problems: Problems) -> None:
    """Each draft as a notice with file:line, then their count: the author's review list."""
    drafts = [e for e in entries if e.is_draft]
    for entry in drafts:
        problems.notice(entry.path, entry.line,
                        f"待审核草稿：{entry.kind.label}「{entry.title}」（{entry.ref}），不会发布。")
    if drafts:
        files = len({e.path for e in drafts})
        problems.notice(drafts[0].path, 0, f"待审核草稿 {len(drafts)} 条（{files} 个文件），构建时不发布。",
                        "逐条核对原文、用自己的话改写，补上缺的单位和时限，然后删去 `status: draft`。")


def build_knowledge_base(data_dir: str | Path, profile: str = "public", root: str | Path | None = None,
                         history: bool = False, parallel: bool = False,
                         history_cache: dict | None = None,
                         parse_cache: dict | None = None, derive: bool = True) -> tuple[KnowledgeBase, Problems]:
    """Load and link every entry below data_dir. Problems are collected, not raised.

    `root` is the folder problem paths are shown relative to (default: the
    parent of data_dir, so that paths read `data/…`). `history` adds each
    entry's last-updated date from git (history_cache, kept between runs,
    saves asking git again about unchanged files). `parallel` parses files in
    worker processes; parse_cache, kept between runs, saves parsing unchanged files again.
    derive=False leaves derived fields (a glossary term's pinyin) empty: checking needs none.
    """
    data_dir = Path(data_dir)
    problems = Problems(root=Path(root) if root else data_dir.resolve().parent)
    unread: dict = {}
    entries = load_entries(data_dir, problems, parallel=parallel, cache=parse_cache, unread=unread)
    assign_slugs(entries, problems)
    visible, hidden = select_visible(entries, profile)
    report_drafts(entries, problems)
    kb = link(visible, problems, hidden, unread=unread)
    for entry in kb.entries.values():
        lint_entry(entry, problems)
    if derive:
        derive_fields(kb)
    if history:
        add_update_dates(kb, problems.root, history_cache)
    return kb, problems
