"""Page sources for every entry, theme hub and kind index.

Everything here returns Markdown strings keyed by their path in the site
(`measure/some-id.md`). Links are written as relative links to `.md` files,
so the site engine resolves and checks them like hand-written links.
"""
from __future__ import annotations

import html
import json
from collections import OrderedDict
from functools import lru_cache

from .. import pinyin
from ..fields import AnyRef, Choice, Markdown, Ref, RefTo, TextList
from ..kinds import KINDS, PLACE, TARGET, Kind
from ..model import Entry, KnowledgeBase
from ..xrefs import XRef, replace_xrefs
from .sorting import pinyin_key
from .text import esc, raw_html, safe_markdown

HUB_KINDS = ("measure", "case", "module", "qa", "policy")

# Kind-specific page sections and extra pages, registered by courses.py and views.py:
# SECTIONS[kind] holds functions (kb, writer, entry) -> Markdown lines, shown after the
# entry's own fields; PAGES holds functions (kb) -> {site path: Markdown}.
SECTIONS: dict[str, list] = {}
PAGES: list = []
HIDDEN_BACKLINKS: dict[str, set] = {}  # kind → referring fields a section already shows


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


def rel(from_uri: str, to_uri: str) -> str:
    """Relative path between two page sources (both relative to the docs folder, no `..`).

    Same result as posixpath.relpath, without its abspath calls: pages link to
    thousands of entries, and relpath was a tenth of the render time.
    """
    start = from_uri.split("/")[:-1]
    target = to_uri.split("/")
    common = 0
    for a, b in zip(start, target[:-1]):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:])


def anchor_slug(text: str) -> str:
    """The anchor of a heading, as pymdownx.slugs.slugify(case='lower') makes it."""
    import re
    text = re.sub(r"[^\w\s-]", "", text.strip().lower())
    return re.sub(r"[\s]+", "-", text)


def entry_link(entry: Entry, from_uri: str, label: str | None = None, anchor: str = "") -> str:
    target = rel(from_uri, entry.src_uri) + (f"#{anchor_slug(anchor)}" if anchor else "")
    return f"[{esc(label or entry.title)}]({target})"


def heading(title: str) -> list[str]:
    """Front matter and H1 of a generated page.

    The engine takes a page's title from its front matter and puts it into
    <title>, the header and the nav without escaping; so the title given
    there is HTML-escaped here, once, and the H1 is escaped Markdown.
    """
    return ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}", "---", "",
            f"# {esc(title)}", ""]


def by_title(entries) -> list[Entry]:
    return sorted(entries, key=lambda e: pinyin_key(e.title))


def resolve_xrefs(text: str, from_uri: str, kb: KnowledgeBase, on_missing=None) -> str:
    """Turn [[kind:id]] into Markdown links; unknown targets are left as text."""
    def render(x: XRef) -> str:
        target = kb.get(x.kind, x.id)
        if target is None:
            if on_missing:
                on_missing(x)
            return esc(x.label or f"{x.kind}:{x.id}")
        return entry_link(target, from_uri, x.label or None, x.anchor)
    return replace_xrefs(text, render)


class PageWriter:
    """Renders one page; knows the page's own path for relative links."""

    def __init__(self, kb: KnowledgeBase, uri: str):
        self.kb, self.uri = kb, uri

    def link(self, entry: Entry, label: str | None = None) -> str:
        return entry_link(entry, self.uri, label)

    def ref(self, ref: Ref) -> str:
        target = self.kb.resolve(ref)
        return entry_link(target, self.uri, anchor=ref.anchor) if target else esc(ref.id)

    def markdown(self, text: str) -> str:
        return resolve_xrefs(safe_markdown(text), self.uri, self.kb)

    def markdown_at(self, text: str, level: int) -> str:
        """A Markdown field placed below a heading of this level."""
        return resolve_xrefs(safe_markdown(text, heading_base=level), self.uri, self.kb)

    # -- inline values (facts table) --
    def inline(self, ftype, value) -> str:
        if isinstance(ftype, (RefTo, AnyRef)):
            return "、".join(self.ref(r) for r in ftype.refs(value))
        if isinstance(ftype, TextList):
            return "、".join(esc(v) for v in value)
        if ftype is PLACE:
            return esc(place_text(value))
        if isinstance(ftype, Markdown):
            return esc(value)
        return esc(value)

    # -- block values (sections) --
    def block(self, ftype, value) -> str:
        if ftype is TARGET:
            return self.targets(value)
        if isinstance(ftype, Markdown):
            return self.markdown(value)
        if isinstance(ftype, AnyRef):
            return "\n".join(f"- {KINDS[r.kind].label}：{self.ref(r)}" for r in value)
        if isinstance(ftype, RefTo):
            return "\n".join(f"- {self.ref(r)}" for r in ftype.refs(value))
        if isinstance(ftype, TextList):
            return "\n".join(f"{i}. {esc(v)}" for i, v in enumerate(value, 1))
        return esc(value)

    def targets(self, targets: list[dict]) -> str:
        rows = ["| 指标 | 目标值 | 达成时间 | 说明 |", "|---|---|---|---|"]
        for t in targets:
            value = f"{t.get('value', '')}{t.get('unit', '')}" if "value" in t else ""
            rows.append(f"| {esc(t['what'])} | {esc(value)} | {esc(t.get('by', ''))} | {esc(t.get('note', ''))} |")
        return "\n".join(rows)


def place_text(place: dict) -> str:
    return "".join(place.get(k, "") for k in PLACE.fields)


def source_text(source: dict) -> str:
    text = f"{source['doc']}，{source['article']}"
    extra = "，".join(source[k] for k in ("place", "note") if source.get(k))
    return f"{text}（{extra}）" if extra else text


# ---------------------------------------------------------------- entry pages

def render_entry(kb: KnowledgeBase, entry: Entry) -> str:
    w = PageWriter(kb, entry.src_uri)
    kind = entry.kind
    out = heading(entry.title)
    out[4:4] = breadcrumb(kb, entry)
    summary_field = kind.fields.get(kind.summary_field) if kind.summary_field else None
    if summary_field is not None and entry.data.get(kind.summary_field):
        out += [esc(entry.data[kind.summary_field]), "{ .kb-lead }", ""]
    inferred = set(entry.data.get("inferred") or [])
    facts = [("类型", kind.label)]
    for name, ftype in kind.fields.items():
        if ftype.show == "meta" and name in entry.data and entry.data[name] not in ([], None, ""):
            facts.append((ftype.label, w.inline(ftype, entry.data[name]) + (INFERRED_MARK if name in inferred else "")))
    if entry.key in kb.updated:
        facts.append(("最后更新", kb.updated[entry.key]))
    out += ["| 项目 | 内容 |", "|---|---|"] + [f"| {k} | {v} |" for k, v in facts] + [""]
    out += editor_note_lines(entry)
    for name, ftype in kind.fields.items():
        if ftype.show == "section" and entry.data.get(name):
            out += [f"## {ftype.label}", ""]
            if name in inferred:
                out += ["※ 本节内容由编者推定，原文未写明（见上方编者注）。", "{ .kb-inferred-note }", ""]
            out += [w.block(ftype, entry.data[name]), ""]
    for extra in SECTIONS.get(kind.name, []):
        out += extra(kb, w, entry)
    out += _related_section(kb, w, entry)
    out += _backlinks_section(kb, w, entry)
    sources = entry.data.get("source") or []
    if sources:
        out += ["## 来源", ""] + [f"- {esc(source_text(s))}" for s in sources] + [""]
    return "\n".join(out)


INFERRED_MARK = " ※推定"


def editor_note(entry: Entry) -> str:
    """The editors' note of an entry in plain text: their own words, else which fields they inferred."""
    labels = "、".join(entry.kind.fields[n].label for n in entry.data.get("inferred") or [])
    note = entry.data.get("editor_note", "")
    if labels:
        default = f"原文未写明{labels}，由编者按职责推定。"
        return f"{note}（标 ※ 的{labels}为编者推定。）" if note else default
    return note


def editor_note_lines(entry: Entry) -> list[str]:
    note = editor_note(entry)
    return [f"※ 编者注：{esc(note)}", "{ .kb-editor-note }", ""] if note else []


def breadcrumb(kb: KnowledgeBase, entry: Entry) -> list[str]:
    """Where an entry page sits, above its title: first theme (after its parent themes) › kind index › entry."""
    chain, theme = [], kb.get("theme", entry.themes[0]) if entry.themes else None
    while theme is not None and theme not in chain:
        chain.insert(0, theme)
        theme = kb.resolve(theme.data["parent"]) if theme.data.get("parent") else None
    items = [entry_link(t, entry.src_uri) for t in chain]
    items.append(f"[{esc(entry.kind.label)}]({rel(entry.src_uri, kind_index_uri(entry.kind))})")
    items.append(raw_html(f'<span aria-current="page">{html.escape(" ".join(entry.title.split()))}</span>'))
    return [raw_html('<nav class="kb-breadcrumb" aria-label="当前位置">'), "",
            *[f"{n}. {item}" for n, item in enumerate(items, 1)], "", raw_html("</nav>"), ""]


def _related_section(kb: KnowledgeBase, w: PageWriter, entry: Entry) -> list[str]:
    """Related entries: the entry's own `related` list plus those that list it."""
    related: OrderedDict[tuple, Entry] = OrderedDict()
    for ref in entry.data.get("related") or []:
        target = kb.resolve(ref)
        if target:
            related[target.key] = target
    for link_ in kb.backlinks.get(entry.key, []):
        if link_.field == "related":
            related.setdefault(link_.source, kb.entries[link_.source])
    if not related:
        return []
    lines = ["## 相关条目", ""]
    lines += [f"- {e.kind.label}：{w.link(e)}" for e in related.values()]
    return lines + [""]


def backlink_groups(kb: KnowledgeBase, entry: Entry) -> OrderedDict[str, list[Entry]]:
    """Entries referring to this one, grouped by how they refer to it."""
    groups: dict[str, dict[tuple, Entry]] = {}
    hidden = HIDDEN_BACKLINKS.get(entry.kind.name, set())
    for link_ in kb.backlinks.get(entry.key, []):
        if link_.field == "related" or link_.field in hidden:
            continue
        source = kb.entries[link_.source]
        if link_.field:
            ftype = source.kind.fields[link_.field]
            label = getattr(ftype, "inverse", "") or f"{source.kind.label}（{ftype.label}）"
        else:
            label = f"在正文中提及的{source.kind.label}"
        groups.setdefault(label, {})[source.key] = source
    by_field = {key for label, members in groups.items() if not label.startswith("在正文中提及")
                for key in members}
    for label in [g for g in groups if g.startswith("在正文中提及")]:
        groups[label] = {k: v for k, v in groups[label].items() if k not in by_field}
        if not groups[label]:
            del groups[label]  # already listed under the field that names it
    order = _inverse_order()
    return OrderedDict((label, by_title(groups[label].values()))
                       for label in sorted(groups, key=lambda g: (order.get(g, 99), g)))


@lru_cache(maxsize=1)
def _inverse_order() -> dict[str, int]:
    labels = []
    for kind in KINDS.values():
        for ftype in kind.fields.values():
            inv = getattr(ftype, "inverse", "")
            if inv and inv not in labels:
                labels.append(inv)
    return {label: i for i, label in enumerate(labels)}


def _backlinks_section(kb: KnowledgeBase, w: PageWriter, entry: Entry) -> list[str]:
    groups = backlink_groups(kb, entry)
    if not groups:
        return []
    lines = ["## 被引用", ""]
    for label, entries in groups.items():
        lines += [f"### {label}", ""]
        lines += [f"- {w.link(e)}" for e in entries] + [""]
    return lines


# ---------------------------------------------------------------- lists

def list_item(w: PageWriter, entry: Entry) -> str:
    text = f"- {w.link(entry)}"
    if entry.kind.name == "module":
        text += f"（{entry.data['hours']:g} 学时）"
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
    return sorted_themes(t for t in kb.of_kind("theme")
                         if (t.data["parent"].id if t.data.get("parent") else None) == parent_id)


def render_theme_hub(kb: KnowledgeBase, theme: Entry) -> str:
    w = PageWriter(kb, theme.src_uri)
    scope = kb.theme_descendants(theme.id)
    out = heading(theme.title) + [esc(theme.summary), "{ .kb-lead }", ""]
    parent = kb.resolve(theme.data["parent"]) if theme.data.get("parent") else None
    if parent:
        out += [f"上级主题：{w.link(parent)}", ""]
    counts = [(KINDS[k].label, len(entries_in_themes(kb, scope, k))) for k in HUB_KINDS]
    counted = "，".join(f"{label} {n} 条" for label, n in counts if n)
    out += [f"本主题共有 {counted}。" if counted else "本主题暂无条目。", ""]
    if theme.data.get("body"):
        out += ["## 导读", "", w.markdown(theme.data["body"]), ""]
    children = child_themes(kb, theme)
    if children:
        out += ["## 下级主题", ""]
        for child in children:
            n = sum(len(entries_in_themes(kb, kb.theme_descendants(child.id), k)) for k in HUB_KINDS)
            out.append(f"- {w.link(child)}（{n} 条）：{esc(child.summary)}")
        out.append("")
    for kind_name in HUB_KINDS:
        entries = entries_in_themes(kb, scope, kind_name)
        if entries:
            out += [f"## {KINDS[kind_name].label}", "", f"{len(entries)} 条：", ""]
            out += [list_item(w, e) for e in entries] + [""]
    if theme.data.get("source"):
        out += ["## 来源", ""] + [f"- {esc(source_text(s))}" for s in theme.data["source"]] + [""]
    return "\n".join(out)


def kind_index_uri(kind: Kind) -> str:
    return f"{kind.url_dir}/index.md"


def render_kind_index(kb: KnowledgeBase, kind: Kind) -> str:
    uri = kind_index_uri(kind)
    w = PageWriter(kb, uri)
    entries = kb.of_kind(kind.name)
    out = heading(kind.label) + [f"共 {len(entries)} 条。", ""]
    if kind.name == "theme":
        return "\n".join(out + _theme_tree(kb, w, None, 0))
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


def top_themes(kb: KnowledgeBase, entry: Entry) -> list[Entry]:
    """The top-level themes an entry belongs to (through its themes or their parents)."""
    tops: dict[str, Entry] = {}
    for tid in entry.themes:
        theme = kb.get("theme", tid)
        while theme and theme.data.get("parent"):
            theme = kb.resolve(theme.data["parent"])
        if theme:
            tops[theme.id] = theme
    return sorted_themes(tops.values())


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


def _theme_tree(kb: KnowledgeBase, w: PageWriter, parent: Entry | None, depth: int) -> list[str]:
    lines = []
    for theme in child_themes(kb, parent):
        scope = kb.theme_descendants(theme.id)
        counts = "，".join(f"{KINDS[k].label} {n}" for k in HUB_KINDS
                          if (n := len(entries_in_themes(kb, scope, k))))
        lines.append("    " * depth + f"- {w.link(theme)}（{counts or '暂无条目'}）：{esc(theme.summary)}")
        lines += _theme_tree(kb, w, theme, depth + 1)
    return lines


# ---------------------------------------------------------------- A–Z index

AZ_URI = "pinyin/index.md"


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


# ---------------------------------------------------------------- recent changes

UPDATES_URI = "updates/index.md"
RECENT = 200


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


# ---------------------------------------------------------------- the site

def render_site(kb: KnowledgeBase) -> dict[str, str]:
    """Every generated page: {path in site: Markdown}."""
    out: dict[str, str] = {AZ_URI: render_az_index(kb), UPDATES_URI: render_updates(kb)}
    for kind in KINDS.values():
        out[kind_index_uri(kind)] = render_kind_index(kb, kind)
    for entry in kb.entries.values():
        out[entry.src_uri] = render_theme_hub(kb, entry) if entry.kind.name == "theme" else render_entry(kb, entry)
    for builder in PAGES:
        out.update(builder(kb))
    return out
