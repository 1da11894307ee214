"""Text files from offices: UTF-8 (with or without BOM) or GB18030 (which covers GBK)."""
from __future__ import annotations


def decode_text(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding name) of the first encoding that reads the bytes, or None when neither does."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    return None
