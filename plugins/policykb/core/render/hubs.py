"""Theme hubs and the blocks that count entries by theme: hub pages, the theme tree,
theme cards and the statistics table (the latter two for markers in hand-written pages).

Which kinds are listed and counted by theme is the `hub` role of the kinds.
"""
from __future__ import annotations

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import THEME, kinds_with
from .entry import sources_section
from .links import by_title, heading
from .sorting import pinyin_key
from .text import esc, raw_html
from .writer import PageWriter


def list_item(w: PageWriter, entry: Entry) -> str:
    text = f"- {w.link(entry)}"
    if entry.kind.list_note:
        text += entry.kind.list_note(entry)
    if entry.summary:
        text += f"：{esc(entry.summary)}"
    return text


def entries_in_themes(kb: KnowledgeBase, theme_ids: list[str], kind: str) -> list[Entry]:
    """Entries of a kind in any of the themes, by pinyin (hubs, counts and charts ask many times)."""
    key = ("in_themes", kind, tuple(theme_ids))
    if key not in kb.memo:
        wanted = set(theme_ids)
        kb.memo[key] = by_title(e for e in kb.of_kind(kind) if wanted.intersection(e.themes))
    return list(kb.memo[key])


def sorted_themes(themes) -> list[Entry]:
    return sorted(themes, key=lambda t: (t.data.get("order", 0), pinyin_key(t.title)))


def child_themes(kb: KnowledgeBase, theme: Entry | None) -> list[Entry]:
    parent_id = theme.id if theme else None
    return sorted_themes(t for t in kb.of_kind(THEME)
                         if (t.data["parent"].id if t.data.get("parent") else None) == parent_id)


def top_themes(kb: KnowledgeBase, entry: Entry) -> list[Entry]:
    """The top-level themes an entry belongs to (through its themes or their parents)."""
    tops: dict[str, Entry] = {}
    for tid in entry.themes:
        theme = kb.get(THEME, tid)
        while theme and theme.data.get("parent"):
            theme = kb.resolve(theme.data["parent"])
        if theme:
            tops[theme.id] = theme
    return sorted_themes(tops.values())


def render_theme_hub(kb: KnowledgeBase, theme: Entry) -> str:
    w = PageWriter(kb, theme.src_uri)
    scope = kb.theme_descendants(theme.id)
    hub_kinds = kinds_with("hub")
    out = heading(theme.title) + [esc(theme.summary), "{ .kb-lead }", ""]
    parent = kb.resolve(theme.data["parent"]) if theme.data.get("parent") else None
    if parent:
        out += [f"上级主题：{w.link(parent)}", ""]
    counts = [(k.label, len(entries_in_themes(kb, scope, k.name))) for k in hub_kinds]
    counted = "，".join(f"{label} {n} 条" for label, n in counts if n)
    out += [f"本主题共有 {counted}。" if counted else "本主题暂无条目。", ""]
    if theme.data.get("body"):
        out += ["## 导读", "", w.markdown(theme.data["body"]), ""]
    children = child_themes(kb, theme)
    if children:
        out += ["## 下级主题", ""]
        for child in children:
            n = sum(len(entries_in_themes(kb, kb.theme_descendants(child.id), k.name)) for k in hub_kinds)
            out.append(f"- {w.link(child)}（{n} 条）：{esc(child.summary)}")
        out.append("")
    for kind in hub_kinds:
        entries = entries_in_themes(kb, scope, kind.name)
        if entries:
            out += [f"## {kind.label}", "", f"{len(entries)} 条：", ""]
            out += [list_item(w, e) for e in entries] + [""]
    return "\n".join(out + sources_section(theme))


def theme_tree(kb: KnowledgeBase, w: PageWriter, parent: Entry | None, depth: int) -> list[str]:
    """Nested list of the themes below `parent` with their counts (the theme kind's index)."""
    lines = []
    for theme in child_themes(kb, parent):
        scope = kb.theme_descendants(theme.id)
        counts = "，".join(f"{k.label} {n}" for k in kinds_with("hub")
                          if (n := len(entries_in_themes(kb, scope, k.name))))
        lines.append("    " * depth + f"- {w.link(theme)}（{counts or '暂无条目'}）：{esc(theme.summary)}")
        lines += theme_tree(kb, w, theme, depth + 1)
    return lines


def theme_cards(kb: KnowledgeBase, uri: str) -> str:
    """Cards of the top-level themes with their counts (marker kb:themes)."""
    w = PageWriter(kb, uri)
    out = [raw_html('<div class="grid cards">'), ""]
    for theme in child_themes(kb, None):
        scope = kb.theme_descendants(theme.id)
        counts = " · ".join(f"{k.label} {n}" for k in kinds_with("hub")
                            if (n := len(entries_in_themes(kb, scope, k.name))))
        subs = "、".join(w.link(c) for c in child_themes(kb, theme))
        out += [f"-   **{w.link(theme)}**", "", "    ---", "", f"    {esc(theme.summary)}", ""]
        if subs:
            out += [f"    下级主题：{subs}", ""]
        if counts:
            out += [f"    {counts}", ""]
    out += [raw_html("</div>"), ""]
    return "\n".join(out)


def stats_table(kb: KnowledgeBase, uri: str) -> str:
    """Entry counts per theme and hub kind, then the `tally` kinds' totals (marker kb:stats)."""
    w = PageWriter(kb, uri)
    kinds = kinds_with("hub")
    rows = ["| 主题 | " + " | ".join(k.label for k in kinds) + " |",
            "|---|" + "---:|" * len(kinds)]

    def walk(parent, depth):
        for theme in child_themes(kb, parent):
            scope = kb.theme_descendants(theme.id)
            cells = [str(len(entries_in_themes(kb, scope, k.name))) for k in kinds]
            rows.append(f"| {'　' * depth}{w.link(theme)} | " + " | ".join(cells) + " |")
            walk(theme, depth + 1)
    walk(None, 0)
    totals = [str(len(kb.of_kind(k.name))) for k in kinds]
    rows.append("| **合计** | " + " | ".join(totals) + " |")
    extra = "，".join(f"{k.label} {len(kb.of_kind(k.name))} 个" for k in kinds_with("tally"))
    return "\n".join(rows) + f"\n\n另有{extra}。\n"
