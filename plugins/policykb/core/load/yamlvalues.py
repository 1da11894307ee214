"""Limits of the YAML reader and the values it builds: mappings and lists that know their
lines, numbers and dates that remember how they were written (see yamlsrc.py)."""
from __future__ import annotations

import datetime as _dt
import re

FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_]+\s*：")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 32
MAX_ALIAS_NODES = 10_000
MAX_SCALAR = 100_000
MAX_KEY = 100
FALLBACK_CHARS = 1_000_000  # up to this size a syntax error is read again by the pure-Python parser

# characters YAML itself refuses in a file (what PyYAML's reader calls non-printable)
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
# characters no value may hold: controls (tab and line breaks aside), C1 controls,
# bidirectional embeddings/overrides/isolates (they reorder what a reader sees), surrogates
_BAD_CHAR = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF\uFFFE\uFFFF]")
_CHAR_NAMES = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x202E: "从右到左覆盖 RLO", 0x202D: "从左到右覆盖 LRO",
               0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI",
               0x2069: "PDI", 0xFFFE: "非字符", 0xFFFF: "非字符"}


class LimitExceeded(Exception):
    """A limit was reached while reading: the file is given up (already reported)."""


class LMap(dict):
    """A dict that knows the line of itself, of each key and each value."""

    line: int = 0
    key_lines: dict
    value_lines: dict
    block: dict  # key -> True when the value is a literal/folded block scalar

    def line_of(self, key) -> int:
        return self.value_lines.get(key) or self.key_lines.get(key) or self.line


class LList(list):
    """A list that knows its line and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


# A number, date or time that YAML read from unquoted text keeps the text it was written as
# (`yaml_source`): a text field shows `017` as written, not as the octal number 15 YAML 1.1 reads.
class YInt(int):
    yaml_source: str = ""


class YFloat(float):
    yaml_source: str = ""


class YDate(_dt.date):
    yaml_source: str = ""


class YDateTime(_dt.datetime):
    yaml_source: str = ""


def _with_source(value, text: str):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        out = YInt(value)
    elif isinstance(value, float):
        out = YFloat(value)
    elif isinstance(value, _dt.datetime):
        out = YDateTime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        value.microsecond, value.tzinfo)
    elif isinstance(value, _dt.date):
        out = YDate(value.year, value.month, value.day)
    else:
        return value
    out.yaml_source = text
    return out


def char_name(ch: str) -> str:
    code = ord(ch)
    name = _CHAR_NAMES.get(code) or ("代理码位" if 0xD800 <= code <= 0xDFFF else "控制字符")
    return f"U+{code:04X}（{name}）"


