"""What every field type shares: the value patterns and limits, references (`Ref`), the
check context that reports problems (`Check`) and the `FieldType` base class (fields.py)."""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .problems import Problems

# \Z, not $: `$` also matches before a final newline, so "abc\n" would pass as an id
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\Z")
# how a number is written so that YAML 1.1 and every reader agree on it (no octal 017,
# no 1_000, no 0x1f, no sexagesimal 1:30)
PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\Z")
MAX_TEXT = 20_000
MAX_ID = 64
MAX_NUMBER = 1_000_000


_INVISIBLE = ("Cf", "Zs", "Zl", "Zp", "Cc")


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) not in _INVISIBLE and not ch.isspace()


def visible_text(text: str) -> str:
    """The text without characters that show nothing (zero-width spaces, joiners, soft hyphens, BOM)."""
    return "".join(ch for ch in text if _visible(ch))


def has_visible_text(text: str) -> bool:
    """bool(visible_text(text)), stopping at the first visible character."""
    return any(map(_visible, text))


def _as_written(value: Any) -> str | None:
    """The text a number or date was written as (the YAML reader keeps it), else None."""
    return getattr(value, "yaml_source", None) or None


def _plain_number(value: Any, ctx: Check) -> bool:
    written = _as_written(value)
    if isinstance(value, float) and not math.isfinite(value):
        ctx.error(f"数值 `{written or value}` 不是有限的数字。", "写一个普通的数字，例如 `4` 或 `1.5`。")
        return False
    if written is not None and not PLAIN_NUMBER.match(written.strip()):
        ctx.error(f"数字写法 `{written}` 不明确（YAML 会把它读成 {value!r}）。",
                  "写成普通的十进制数，例如 `17` 或 `1.5`；不要以 0 开头，不用下划线、冒号或 0x。")
        return False
    if abs(value) > MAX_NUMBER:
        ctx.error(f"数值 {value} 大得不合理（上限 {MAX_NUMBER}）。", "检查是否写错。")
        return False
    return True


@dataclass(frozen=True)
class Ref:
    """An unresolved reference from a field to an entry of some kind."""

    kind: str
    id: str
    line: int
    anchor: str = ""


@dataclass
class Check:
    """Where a value stands, for precise problem reports."""

    problems: Problems
    path: str
    line: int
    field: str

    def error(self, message: str, hint: str = "", line: int | None = None) -> None:
        self.problems.error(self.path, line or self.line, f"字段 `{self.field}`：{message}", hint)

    def at(self, line: int, name: str | None = None) -> Check:
        return Check(self.problems, self.path, line or self.line, name or self.field)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "日期"
    return type(value).__name__


@dataclass
class FieldType:
    """Base of all field types. `label` is the Chinese name shown on pages."""

    label: str
    required: bool = False
    show: str = "meta"  # where a page shows it: meta (facts table), section, summary, none

    def check(self, value: Any, ctx: Check) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def refs(self, value: Any) -> list[Ref]:
        """References held by an already checked value."""
        return []
