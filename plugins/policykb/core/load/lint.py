"""Content lint: placeholders, web junk and personal contact data in any text.

Scraped source documents carry placeholders (`__县`, `20xx`), site junk
(`www.`, links) and phone or e-mail fragments. None of it may be published;
each occurrence is a warning, which fails `mkdocs build --strict`.
"""
from __future__ import annotations

import re

from ..model.entries import Entry
from ..model.problems import Problems

PATTERNS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"__|＿＿"), "占位符“__”", "原文隐去的名称不要照搬：删去这一处，或改写成不需要该名称的句子。"),
    (re.compile(r"20[xX×]{2}|[xX×]{2,4}年|[xX×]{1,2}月[xX×]{1,2}日"), "年份或日期占位符（20xx、xx年）",
     "写出原文中的确切日期；原文没有就删去。"),
    (re.compile(r"\*\*\*|××|＊＊"), "占位符“***”或“××”", "原文隐去的内容不要照搬。"),
    (re.compile(r"www\.|https?:|\.com\b|\.cn\b", re.I), "网址或网站信息",
     "知识库面向内网，不写外部网址；删去网站名称和链接。"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"), "电话号码",
     "不要发布个人联系方式，只写职务或单位。"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "电子邮箱", "不要发布个人联系方式。"),
]
_DIGITS = re.compile(r"\d{7}")


def _suspicious(text: str) -> bool:
    """A cheap test (substring checks) whether a text needs the patterns at all: most texts do not."""
    lower = text.lower()
    return ("__" in text or "＿＿" in text or "x" in lower or "×" in text or "*" in text or "＊" in text
            or "www." in lower or "http" in lower or ".c" in lower or "@" in text
            or _DIGITS.search(text) is not None)
_SKIP_FIELDS = {"source"}  # file names of the seeds are fine there


def _texts(value, line: int):
    if isinstance(value, str):
        yield value, line
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v, line)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, getattr(item, "line", line))


def lint_entry(entry: Entry, problems: Problems) -> None:
    for name, value in entry.data.items():
        if name in _SKIP_FIELDS:
            continue
        base = entry.line_of(name)
        for text, _line in _texts(value, base):
            if not _suspicious(text):
                continue
            for pattern, what, hint in PATTERNS:
                m = pattern.search(text)
                if m:
                    offset = text[: m.start()].count("\n") if name in entry.block_fields else 0
                    problems.warning(entry.path, base + offset,
                                     f"字段 `{name}` 含有{what}：“{_around(text, m)}”。", hint)


def _around(text: str, m: re.Match, width: int = 12) -> str:
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return " ".join(text[start:end].split())
