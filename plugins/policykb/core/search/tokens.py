"""Tokens of the index: character bigrams, title words, pinyin keys, ASCII words."""
from __future__ import annotations

import re
import unicodedata

from ..lang import pinyin

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")
_ready = False
_pending: list[str] = []   # domain words not yet given to jieba


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def han_runs(text: str) -> list[str]:
    return HAN.findall(text)


def _jieba():
    """jieba, with the domain words added so far. Loading its dictionary takes about a second: a build
    whose pages are all in the term cache never needs it."""
    global _ready
    import jieba
    if not _ready:
        import logging
        jieba.setLogLevel(logging.WARNING)
        _ready = True
    words, _pending[:] = list(_pending), []
    for word in words:
        jieba.add_word(word, freq=20000)
    return jieba


def add_words(words) -> None:
    """Domain words (theme names, programme names) that jieba must keep whole (added when it is first used)."""
    _pending.extend(w for w in words if len(w) > 1 and HAN.fullmatch(w))


def title_words(text: str) -> list[str]:
    """jieba search-mode words of a title: whole compounds and their parts."""
    jieba = _jieba()
    out = []
    for run in han_runs(normalize(text)):
        out.extend(w for w in jieba.cut_for_search(run, HMM=False) if len(w) > 1)
    return out


def syllables(run: str) -> tuple[str, ...]:
    """Pinyin of a Chinese run, one toneless syllable per character."""
    return pinyin.syllables(run)


def pinyin_keys(text: str) -> set[str]:
    """Keys that let pinyin and initials find this text (used for titles).

    p1:<syllable>, p:<two adjacent syllables>, i:<two adjacent initials>
    """
    keys: set[str] = set()
    for run in han_runs(normalize(text)):
        syl = syllables(run)
        if len(syl) != len(run):
            continue
        keys.update(f"p1:{s}" for s in syl)
        keys.update(f"p:{a}{b}" for a, b in zip(syl, syl[1:]))
        initials = [s[0] for s in syl]
        keys.update(f"i:{a}{b}" for a, b in zip(initials, initials[1:]))
    return keys


def char_readings(text: str) -> dict[str, str]:
    """Reading of each Chinese character as used in the text (first one wins)."""
    out: dict[str, str] = {}
    for run in han_runs(normalize(text)):
        for ch, syl in zip(run, syllables(run)):
            out.setdefault(ch, syl)
    return out
