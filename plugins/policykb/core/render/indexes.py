"""Index pages: one per kind (grouped as the kind's `group_by` says), the pinyin A–Z index, recent changes."""
from __future__ import annotations

from ..lang import pinyin
from ..model.entries import Entry, KnowledgeBase
from ..model.fields import Choice
from ..model.kinds import THEME, Kind
from .hubs import list_item, theme_tree, top_themes
from .links import by_title, heading, kind_index_uri
from .sorting import pinyin_key
from .text import esc
from .writer import PageWriter

AZ_URI = "pinyin/index.md"
UPDATES_URI = "updates/index.md"
RECENT = 200


def render_kind_index(kb: KnowledgeBase, kind: Kind) -> str:
    uri = kind_index_uri(kind)
    w = PageWriter(kb, uri)
    entries = kb.of_kind(kind.name)
    out = heading(kind.label) + [f"共 {len(entries)} 条。", ""]
    if kind.name == THEME:
        return "\n".join(out + theme_tree(kb, w, None, 0))
    groups: dict[str, list[Entry]] = {}
    order: dict[str, tuple] = {}
    for entry in entries:
        for label, key in _groups_of(kb, kind, entry):
            groups.setdefault(label, []).append(entry)
            order[label] = key
    for label in sorted(groups, key=lambda g: order[g]):
        out += [f"## {label}", "", f"{len(groups[label])} 条：", ""]
        out += [list_item(w, e) for e in by_title(groups[label])] + [""]
    return "\n".join(out)


def _groups_of(kb: KnowledgeBase, kind: Kind, entry: Entry) -> list[tuple[str, tuple]]:
    """(group label, sort key) pairs an entry is listed under on its kind index."""
    if kind.group_by == "themes":
        tops = top_themes(kb, entry)
        if not tops:
            return [("未分主题", (10_000, ""))]
        return [(esc(t.title), (t.data.get("order", 0), pinyin_key(t.title))) for t in tops]
    if kind.group_by == "initial":
        letter = pinyin.initial_letter(entry.title)
        return [(letter, (letter == "#", letter))]
    ftype = kind.fields.get(kind.group_by)
    value = entry.data.get(kind.group_by)
    if isinstance(ftype, Choice):
        return [(value, (ftype.choices.index(value), "")) if value else ("其他", (len(ftype.choices), ""))]
    values = value if isinstance(value, list) else [value] if value else []
    return [(esc(v), (0, pinyin_key(str(v)))) for v in values] or [("其他", (1, ()))]


def render_az_index(kb: KnowledgeBase) -> str:
    """Every entry and term under the initial letter of its title's pinyin."""
    w = PageWriter(kb, AZ_URI)
    groups: dict[str, list[Entry]] = {}
    for entry in kb.entries.values():
        groups.setdefault(pinyin.initial_letter(entry.title), []).append(entry)
    letters = sorted(groups, key=lambda g: (g == "#", g))
    out = heading("拼音索引") + [f"全部 {len(kb.entries)} 个条目和术语，按标题拼音的首字母排列。", ""]
    bar = " · ".join(f"[{letter}](#{_letter_anchor(letter)})" for letter in letters)
    out += [bar, "{ .kb-letter-bar }", ""]
    for letter in letters:
        title = "其他（非字母开头）" if letter == "#" else letter  # a bare "#" made an empty heading and TOC link
        out += [f"## {title} {{ #{_letter_anchor(letter)} }}", ""]
        out += [f"- {w.link(e)} · {e.kind.label}" for e in by_title(groups[letter])] + [""]
    return "\n".join(out)


def _letter_anchor(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def render_updates(kb: KnowledgeBase) -> str:
    """The most recently changed entries, newest first, grouped by day."""
    w = PageWriter(kb, UPDATES_URI)
    dated = sorted(((day, kb.entries[key]) for key, day in kb.updated.items() if key in kb.entries),
                   key=lambda pair: (pair[0], pinyin_key(pair[1].title)), reverse=True)[:RECENT]
    out = heading("最近更新")
    if not dated:
        return "\n".join(out + ["暂无更新记录（站点不是从 git 仓库构建的）。", ""])
    out += [f"最近修改过的 {len(dated)} 个条目，按修改日期从新到旧排列（日期取自 git 提交记录）。", ""]
    day = None
    for when, entry in dated:
        if when != day:
            day = when
            out += ["", f"## {when}", ""]
        out.append(f"- {w.link(entry)} · {entry.kind.label}")
    return "\n".join(out + [""])
