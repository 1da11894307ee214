"""Outline numbering of Chinese plans: 一、 / （一） / 1. / （1） / ①, and headings glued to their text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .notes import extract_bracketed
from .reading import Paragraph

CN_NUM = "一二三四五六七八九十"
# (style, pattern); the style's index is its rank: a lower rank is a higher level
STYLES = [
    ("一、", re.compile(rf"^([{CN_NUM}]{{1,3}})[、．.]\s*")),
    ("（一）", re.compile(rf"^（([{CN_NUM}]{{1,3}})）\s*")),
    ("1.", re.compile(r"^(\d{1,2})(?:[、．]|\.(?!\d))\s*")),
    ("（1）", re.compile(r"^（(\d{1,2})）\s*")),
    ("①", re.compile(r"^([\u2460-\u2473])\s*")),
]
# a numbered item that starts inside a line, after a sentence ends: "…：（一）宣传动员阶段…"
_INNER = re.compile(rf"(?<=[。：；])\s*(?=（[{CN_NUM}]{{1,3}}）|（\d{{1,2}}）[^\d]|[\u2460-\u2473])")
# a short top-level heading with its first sub-item glued on: "五、工作程序和制度（一）工作程序"
_GLUED_SUB = re.compile(rf"^([{CN_NUM}]{{1,3}}、[^。，：；（]{{2,16}}?)(?=（[{CN_NUM}]{{1,3}}）)")
_HEADING_END = re.compile(r"[。：；]")
TITLE_MAX = 30


@dataclass
class Line:
    number: int          # paragraph/line number in the source
    text: str            # text without its numbering
    style: str = ""      # numbering style ("" for an unnumbered paragraph)
    label: str = ""      # the numbering itself, e.g. （三）
    heading: str = ""    # a heading at the start of the text ("" if none)
    rest: str = ""       # the text after the heading
    row: bool = False    # a row of a task table

    @property
    def rank(self) -> int:
        return [s for s, _ in STYLES].index(self.style) if self.style else len(STYLES)


def split_paragraphs(paragraphs: list[Paragraph]) -> list[Line]:
    out = []
    for para in paragraphs:
        if para.row:
            line = Line(para.number, para.text, row=True)
            line.heading, line.rest = split_heading(para.text)
            out.append(line)
            continue
        text = para.text
        m = _GLUED_SUB.match(text)
        pieces = [m[1], text[m.end():]] if m else [text]
        for piece in pieces:
            for part in _INNER.split(piece):
                if part.strip():
                    out.append(parse_line(para.number, part.strip()))
    return out


def parse_line(number: int, text: str) -> Line:
    for style, pattern in STYLES:
        m = pattern.match(text)
        if m and len(text) > m.end():
            body = text[m.end():].strip()
            heading, rest = split_heading(extract_bracketed(body)[0])   # 【牵头单位：…】 is no heading end
            return Line(number, body, style, text[:m.end()].strip(), heading, rest)
    return Line(number, text)


def split_heading(body: str) -> tuple[str, str]:
    """'指导思想。以……' → ('指导思想', '以……'); a short line without a full stop is all heading."""
    m = _HEADING_END.search(body)
    if m and m.start() <= TITLE_MAX:
        head, rest = body[:m.start()].strip(), body[m.end():].strip()
        if not rest or "，" not in head:   # "建立台账，明确专人。再……" starts with a sentence, not a heading
            return head, rest
    if " " in body[:TITLE_MAX + 1]:  # "方法步骤 开展……", "义务 村务监督委员会……"
        head, _, rest = body.partition(" ")
        if 2 <= len(head) <= 12 and not re.search(r"[，。]", head):
            return head, rest.strip()
    if len(body) <= TITLE_MAX and not re.search(r"[，。]", body):
        return body, ""
    return "", body
