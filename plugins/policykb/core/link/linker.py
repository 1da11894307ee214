"""Resolve references into a graph with backlinks; report every dangling one."""
from __future__ import annotations

from ..model.entries import Entry, KnowledgeBase, Link
from ..model.fields import Markdown, RefTo
from ..model.kinds import KINDS
from ..model.problems import Problems
from .xrefs import find_xrefs


def select_visible(entries: list[Entry], profile: str) -> tuple[list[Entry], dict]:
    """Entries shown in this build profile, and the keys of those left out (key → why).

    Drafts (`status: draft`, e.g. imported from a Word plan) are left out of
    every profile: they hold unreviewed text copied from a document.
    """
    hidden = {e.key: "draft" for e in entries if e.is_draft}
    if profile != "internal":
        hidden.update({e.key: "internal" for e in entries if e.visibility == "internal" and e.key not in hidden})
    return [e for e in entries if e.key not in hidden], hidden


def close_ids(id_: str, candidates: list[str]) -> list[str]:
    """Ids that are plausibly a typo of id_: at most two edits apart, or one more per 8 characters."""
    limit = max(2, len(id_) // 8)
    scored = sorted((d, c) for c in candidates if abs(len(c) - len(id_)) <= limit
                    and (d := _distance(id_, c, limit)) <= limit)
    return [c for _, c in scored[:2]]


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it exceeds limit."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def link(entries: list[Entry], problems: Problems, hidden: set = frozenset(),
         unread: dict | None = None) -> KnowledgeBase:
    """Resolve references. `unread` ({(kind or "*", id): path}, from the loader) names entries
    that may exist in files or entries that could not be read: references to them are
    counted, not reported as dangling."""
    kb = KnowledgeBase()
    unread = unread or {}
    unchecked: list[str] = []
    for entry in entries:
        first = kb.entries.get(entry.key)
        if first is not None:  # reported at both places, so each author sees it in their file
            hint = "同一类型的 id 必须唯一：给其中一个换一个 id，或合并两个条目。"
            problems.error(entry.path, entry.line,
                           f"{entry.kind.label} id `{entry.id}` 重复（已在 {first.path}:{first.line} 定义）。", hint)
            problems.error(first.path, first.line,
                           f"{entry.kind.label} id `{entry.id}` 重复（又在 {entry.path}:{entry.line} 定义）。", hint)
            continue
        kb.add(entry)
    ids_by_kind: dict[str, list[str]] = {}
    for kind, id_ in kb.entries:
        ids_by_kind.setdefault(kind, []).append(id_)

    def resolve(entry: Entry, kind: str, id_: str, line: int, field: str) -> None:
        if kind not in KINDS:
            problems.error(entry.path, line, f"引用 `{kind}:{id_}` 的类型 `{kind}` 不存在。",
                           "类型只能是 " + "、".join(f"`{k}`" for k in KINDS) + "。")
            return
        if (kind, id_) not in kb.entries:
            label = KINDS[kind].label
            if (kind, id_) in hidden and hidden[kind, id_] == "draft":
                problems.error(entry.path, line,
                               f"引用了待审核草稿 `{kind}:{id_}`，草稿不会发布。",
                               "先审核这个草稿并删去它的 `status: draft`，或删去这个引用。")
                return
            if (kind, id_) in hidden:
                problems.error(entry.path, line,
                               f"公开条目引用了内部条目 `{kind}:{id_}`，公开版里它不存在。",
                               "删去这个引用，或把被引用条目的 visibility 改为 public。")
                return
            where = unread.get((kind, id_)) or unread.get(("*", id_))
            if where is not None:
                unchecked.append(where)  # it may be in a file or entry that could not be read
                return
            close = close_ids(id_, ids_by_kind.get(kind, []))
            other = [k for k in KINDS if k != kind and (k, id_) in kb.entries]
            if close:
                hint = "是不是 " + " 或 ".join(f"`{c}`" for c in close) + "？"
            elif other:
                hint = f"`{id_}` 是{KINDS[other[0]].label}，这里要写{label}的 id。"
            else:
                hint = f"先在 data/ 中添加这个{label}，或改正 id。"
            problems.error(entry.path, line, f"引用的{label} `{id_}` 不存在。", hint)
            return
        if (kind, id_) == entry.key:
            return  # a page linking to itself adds nothing to the graph
        kb.links.append(Link(entry.key, (kind, id_), field))

    for entry in list(kb.entries.values()):
        for name, ftype in entry.kind.fields.items():
            value = entry.data.get(name)
            if value is None:
                continue
            for ref in ftype.refs(value):
                resolve(entry, ref.kind, ref.id, ref.line, name)
            if isinstance(ftype, Markdown):
                base = entry.line_of(name)
                for x in find_xrefs(value):
                    line = base + x.line if name in entry.block_fields else base
                    resolve(entry, x.kind, x.id, line, "")
    if unchecked:
        files = "、".join(sorted(set(unchecked)))
        problems.warning(unchecked[0], 0, f"有 {len(unchecked)} 处引用指向 {files} 中未能读取的条目，没有检查。",
                         "先改正这些文件中的错误，再运行检查，这些引用会一并检查。")
    _check_cycles(kb, problems)
    for link_ in kb.links:
        kb.backlinks.setdefault(link_.target, []).append(link_)
    return kb


def _check_cycles(kb: KnowledgeBase, problems: Problems) -> None:
    """Self-references must form a tree: theme parents, unit parents, course prerequisites."""
    for kind in KINDS.values():
        for name, ftype in kind.fields.items():
            if isinstance(ftype, RefTo) and ftype.kind == kind.name:
                _check_field_cycles(kb, kind.name, name, problems)


def _check_field_cycles(kb: KnowledgeBase, kind: str, name: str, problems: Problems) -> None:
    edges = {e.id: [r.id for r in e.kind.fields[name].refs(e.data.get(name)) if kb.get(kind, r.id)]
             for e in kb.of_kind(kind)}
    reported: set[frozenset] = set()
    state: dict[str, int] = {}

    def report(cycle: list[str]) -> None:
        if frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            entry = kb.get(kind, cycle[0])
            problems.error(entry.path, entry.line_of(name),
                           f"`{name}` 形成了循环：" + " → ".join(cycle) + "。",
                           f"检查这些{entry.kind.label}的 `{name}`，去掉其中一个引用。")

    # depth-first search with an explicit stack: a chain of thousands of entries needs no recursion
    for start in sorted(edges):
        if start in state:
            continue
        state[start] = 1
        path, iters = [start], [iter(edges.get(start, []))]
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                report(path[path.index(nxt):] + [nxt])
            elif state.get(nxt) is None:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(edges.get(nxt, [])))
    if name == "parent":
        _check_depth(kb, kind, name, edges, problems)


MAX_NESTING = 12  # levels of sub-themes / sub-units: pages and the nav show them indented


def _check_depth(kb: KnowledgeBase, kind: str, name: str, edges: dict, problems: Problems) -> None:
    """A `parent` chain deeper than MAX_NESTING is an error (reported once, at its deepest entry)."""
    depth: dict[str, int] = {}
    for start in sorted(edges):
        chain, node = [], start
        while node not in depth and node not in chain:
            chain.append(node)
            parents = edges.get(node, [])
            if not parents:
                depth[node] = 1
                chain.pop()
                break
            node = parents[0]
        base = depth.get(node, 0)  # 0: a cycle, reported above
        for n in reversed(chain):
            base = depth[n] = base + 1 if base else 0
    deepest = [n for n, d in depth.items() if d > MAX_NESTING]
    if deepest:
        leaf = max(deepest, key=lambda n: (depth[n], n))
        entry = kb.get(kind, leaf)
        problems.error(entry.path, entry.line_of(name),
                       f"{entry.kind.label}层级太深：`{leaf}` 在第 {depth[leaf]} 层（上限 {MAX_NESTING} 层）。",
                       f"减少上下级的层数：把深层的{entry.kind.label}挂到更上面的 `{name}` 下。")
