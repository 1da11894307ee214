"""Sort Chinese text by pinyin, not by code point."""
from __future__ import annotations

from functools import lru_cache

from ..lang import pinyin


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple:
    try:
        syllables = pinyin.syllables(text)
    except ImportError:  # the checker runs without pypinyin; order is then by code point
        return (text,)
    return (" ".join(s.lower() for s in syllables), text)
