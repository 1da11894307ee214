"""Entry ids as page paths: reserved names, and ids made from titles (pinyin) where none is given."""
from __future__ import annotations

from ..model.entries import Entry
from ..model.problems import Problems

# names a kind folder holds besides entry pages, or that the site uses: an entry may not take them
RESERVED_IDS = frozenset({"index", "search", "assets", "exports", "tags", "404", "sitemap", "pinyin", "updates",
                          "views", "handout", "stylesheets", "javascripts"})


def assign_slugs(entries: list[Entry], problems: Problems | None = None) -> None:
    """Give entries written without `id` a pinyin slug of their title.

    Explicit ids always keep their name; among entries that need a slug, the
    one first in file order keeps the plain slug and the others get -2, -3 …
    Public entries get their slugs first, from public entries alone, so an
    entry only the internal profile has never shifts a public slug (which would
    reveal that it exists). An id used by a public and an internal entry of the
    same kind is an error in every profile (the internal entry is left out).
    Reserved names (`index`, `search` …) are never given out as slugs.
    """
    public = [e for e in entries if e.visibility != "internal"]
    internal = [e for e in entries if e.visibility == "internal"]
    if problems is not None:
        for entry in entries:
            if entry.id in RESERVED_IDS:
                problems.error(entry.path, entry.line, f"id `{entry.id}` 是站点保留的名字，会和生成的页面冲突。",
                               f"换一个 id，例如 `{entry.id}-{entry.kind.name}`；保留名：" +
                               "、".join(f"`{n}`" for n in sorted(RESERVED_IDS)) + "。")
    taken = {(e.kind.name, e.id) for e in public if e.id}
    _give_slugs(public, taken)
    public_keys = {e.key: e for e in public}
    clashes = [e for e in internal if e.id and e.key in public_keys]
    taken |= {(e.kind.name, e.id) for e in internal if e.id}
    _give_slugs(internal, taken)
    for entry in clashes:
        if problems is not None:
            other = public_keys[entry.key]
            problems.error(entry.path, entry.line,
                           f"{entry.kind.label} id `{entry.id}` 已被公开条目使用（{other.path}:{other.line}），"
                           "内部条目不能和公开条目同名。",
                           "给内部条目换一个 id；公开版和内部版的 id 必须各不相同。")
    if clashes:
        drop = {id(e) for e in clashes}
        entries[:] = [e for e in entries if id(e) not in drop]


def _give_slugs(entries: list[Entry], taken: set) -> None:
    for entry in sorted((e for e in entries if not e.id), key=lambda e: (e.path, e.line)):
        base = slug_of(entry.title)
        candidate, n = base, 1
        while (entry.kind.name, candidate) in taken or candidate in RESERVED_IDS:
            n += 1
            candidate = f"{base}-{n}"
        entry.id = candidate
        taken.add((entry.kind.name, candidate))


def slug_of(title: str) -> str:
    try:
        from ..lang.pinyin import slug
        return slug(title)
    except ImportError:  # the checker without pypinyin: a stable stand-in
        import hashlib
        return "e-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]
