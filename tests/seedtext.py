"""The seed documents' text, by article: what a `source: {doc, article}` points at.

Tests use it to check that what the data presents as sourced is in the cited
article (units of a measure, place names). Articles are found by their headings,
as MAP.md describes them:

- 000: `试点实施方案篇1` … `篇6` (cited as `试点实施方案篇N` or `篇N`);
- 001: `第一篇:` … `第五篇:`; inside 第三篇 the sub-plans `…试点工作方案1` … `方案9`
  (cited as `第三篇 方案N`);
- 002: `第一篇: 财政部…` … `第十九篇: …`;
- 003: `街道社区治理实施方案篇一` … `篇十五` (cited as `篇N`);
- 004: three articles by line: A1 from line 5, A2 from line 71, A3 from line 277.

An article runs from its heading to the next heading of the same or a higher level.
Text is normalised for matching: every kind of white space (spaces, no-break and
ideographic spaces, line breaks) is removed and half-width brackets and punctuation
are made full-width.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FALLBACK = Path("/work/shared/seeds")

_SPACE = re.compile(r"\s+")


def seeds_dir() -> Path | None:
    """The seeds folder: ../shared/seeds next to the clone, else /work/shared/seeds; None if absent."""
    for candidate in (ROOT.parent / "shared" / "seeds", FALLBACK):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


_WIDTH = str.maketrans("()[]:;,", "（）［］：；，")


def normalise(text: str) -> str:
    """Text without white space, with half-width brackets and punctuation made full-width."""
    return _SPACE.sub("", text).translate(_WIDTH)


@cache
def _lines(doc: str) -> tuple[str, ...]:
    folder = seeds_dir()
    if folder is None or not (folder / doc).is_file():
        return ()
    return tuple((folder / doc).read_text(encoding="utf-8").splitlines())


# (pattern on a line, level, names the article is cited by)
_HEADINGS = {
    "000": [(re.compile(r"试点实施方案篇(\d+)\s*$"), 1, lambda m: (f"试点实施方案篇{m[1]}", f"篇{m[1]}"))],
    "001": [(re.compile(r"^第([一二三四五六七八九十]+)篇[:：]"), 1, lambda m: (f"第{m[1]}篇",)),
            (re.compile(r"^开展乡村治理体系建设试点工作方案(\d+)\s*$"), 2,
             lambda m: (f"第三篇 方案{m[1]}", f"方案{m[1]}"))],
    "002": [(re.compile(r"^第([一二三四五六七八九十]+)篇[:：]\s*财政部"), 1, lambda m: (f"第{m[1]}篇",))],
    "003": [(re.compile(r"街道社区治理实施方案篇([一二三四五六七八九十]+)\s*$"), 1, lambda m: (f"篇{m[1]}",))],
}
_FIXED = {"004": {"A1": (5, 70), "A2": (71, 276), "A3": (277, None)}}  # 1-based, inclusive


@cache
def spans(doc: str) -> dict[str, tuple[int, int]]:
    """{article name: (first line index, end line index)} of a seed document (0-based, end exclusive)."""
    lines = _lines(doc)
    prefix = doc[:3]
    if prefix in _FIXED:
        return {name: (a - 1, b if b else len(lines)) for name, (a, b) in _FIXED[prefix].items()}
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for i, line in enumerate(lines):
        for pattern, level, names in _HEADINGS.get(prefix, []):
            m = pattern.search(line.strip())
            if m:
                found.append((i, level, names(m)))
                break
    out: dict[str, tuple[int, int]] = {}
    for n, (start, level, names) in enumerate(found):
        end = next((s for s, lv, _ in found[n + 1:] if lv <= level), len(lines))
        for name in names:
            out.setdefault(name, (start, end))
    return out


def article_text(doc: str, article: str) -> str | None:
    """The normalised text of a cited article, or None when the citation names no known article."""
    span = spans(doc).get(normalise(article).replace("方案", " 方案", 1).strip()
                          if "篇方案" in normalise(article) else article.strip())
    if span is None:
        return None
    return normalise("\n".join(_lines(doc)[span[0]:span[1]]))


def source_text(source: dict) -> str | None:
    return article_text(source["doc"], source["article"])


@lru_cache(maxsize=1)
def all_text() -> str:
    """Every seed document's normalised text, joined."""
    folder = seeds_dir()
    if folder is None:
        return ""
    return "\n".join(normalise(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt")))


def mentions(text: str, names) -> bool:
    """Whether any of the names (normalised) occurs in the normalised text."""
    return any(normalise(n) and normalise(n) in text for n in names)
