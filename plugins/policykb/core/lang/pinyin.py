"""Pinyin of Chinese text, with the domain's readings of polyphonic characters.

Used for sorting, the A–Z index, slugs, glossary readings and search keys.
pypinyin is imported lazily so that the data checker runs with PyYAML alone.
"""
from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ready = False


def _pypinyin():
    global _ready
    import pypinyin
    if not _ready:
        from .pinyin_phrases import load_phrases
        load_phrases()
        _ready = True
    return pypinyin


def available() -> bool:
    try:
        _pypinyin()
        return True
    except ImportError:
        return False


_memo: dict[str, tuple[str, ...]] = {}   # syllables(text) by text
MEMO_LIMIT = 200_000


def memo(restore: dict | None = None) -> dict[str, tuple[str, ...]]:
    """The syllables computed so far ({text: syllables}, shared by every caller). restore adds a memo
    saved by another process: a build cache keeps it, so that unchanged titles need no pypinyin."""
    if restore is not None and restore is not _memo:
        _memo.update(restore)
    return _memo


def syllables(text: str) -> tuple[str, ...]:
    """Toneless syllable of each Chinese character; other characters kept as runs."""
    found = _memo.get(text)
    if found is None:
        p = _pypinyin()
        if len(_memo) >= MEMO_LIMIT:
            _memo.clear()
        found = _memo[text] = tuple(p.lazy_pinyin(text, style=p.Style.NORMAL, errors=lambda chars: [chars]))
    return found


def with_tones(text: str) -> str:
    """Readable pinyin with tone marks, e.g. 村务监督 → cūn wù jiān dū."""
    p = _pypinyin()
    parts = p.lazy_pinyin(text, style=p.Style.TONE, errors=lambda chars: re.findall(r"[A-Za-z0-9+]+", chars))
    return " ".join(part for part in parts if part)


def initial_letter(text: str) -> str:
    """A–Z letter a title is filed under; '#' for digits and anything else."""
    text = text.strip()
    if not text:
        return "#"
    first = text[0]
    if HAN.match(first):
        try:
            letter = syllables(first)[0][:1].upper()
        except ImportError:
            return "#"
        return letter if "A" <= letter <= "Z" else "#"
    letter = first.upper()
    return letter if "A" <= letter <= "Z" else "#"


_slug_tokenizer = None


def _words(text: str) -> list[str]:
    """Words of a title for its slug, cut with jieba's own dictionary only.

    A private tokenizer: the search index adds domain words to jieba's global
    one, and a slug must not depend on what ran before it (URLs must be stable).
    """
    global _slug_tokenizer
    try:
        import jieba
    except ImportError:
        return list(text)
    if _slug_tokenizer is None:
        import logging
        jieba.setLogLevel(logging.WARNING)
        _slug_tokenizer = jieba.Tokenizer()
    return [w for w in _slug_tokenizer.cut(text, HMM=False) if w.strip()]


def slug(text: str, max_length: int = 48) -> str:
    """A readable ASCII slug from a title: 村务监督委员会的组成 → cunwu-jiandu-weiyuanhui-de-zucheng."""
    words = []
    for word in _words(text):
        piece = "".join(syllables(word)).lower()
        piece = re.sub(r"[^a-z0-9]+", "-", piece).strip("-")
        if piece:
            words.append(piece)
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > max_length:
            break
        out = f"{out}-{word}" if out else word[:max_length].strip("-")
    return out or "entry"
