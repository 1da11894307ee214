"""Recognise a plan's parts: title, 文号, issuer, date, task items, phases, and what was left out."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import sections as S
from .notes import (
    Annotation,
    Range,
    Target,
    When,
    _date,
    extract_bracketed,
    find_inline,
    find_range,
    find_targets,
    is_annotation_line,
    parse_deadline,
    parse_fields,
)
from .outline import Line, split_heading, split_paragraphs
from .reading import Document

_NUMBER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{1,12})\s*[〔\[［（【„“\"](?P<year>(?:19|20)\d\d)\s*[〕\]］）】‟”\"]\s*"
                     r"(?P<n>\d{1,4})\s*号$")
_TITLE_END = ("方案", "意见", "办法", "通知", "规划", "计划", "细则", "规定", "要点", "决定", "安排")
_ORG = re.compile(r"^[\u4e00-\u9fff（）]{2,30}(办公室|委员会|人民政府|政府|党委|委|局|厅|部|办|中心|小组)$")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})?\s*日)?$")
# an issuer signing at the end of the body: a place and an office, nothing else (not 成立领导小组)
_SIGNATURE = re.compile(r"^(中共)?[\u4e00-\u9fff]{1,20}(省|市|县|区|镇|乡|街道)[\u4e00-\u9fff（）]{0,20}"
                        r"(办公室|人民政府|政府|党委|党工委|委员会|办事处)$")
_PHASE_LINE = re.compile(r"^(第[一二三四五六七八九十]{1,2}阶段|[\u4e00-\u9fff]{2,8}阶段)\s*（[^（）]*\d{4}[^（）]*）")
_ABOUT = re.compile(r"^(?P<orgs>[\u4e00-\u9fff（） ]{4,80}?)\s*关于(印发|开展|做好|加强|推进)")


@dataclass
class Item:
    """A task item (or a phase of the plan) with what the document says about it."""

    line: int
    path: str                       # its numbering, e.g. 四（一）1.
    heading: str
    paragraphs: list[str]           # its text, annotations taken out
    section: str
    group: str = ""                 # the heading of the part it sits in
    annotation: Annotation = field(default_factory=Annotation)
    phase: str = ""
    range: Range | None = None
    rank: int = 0
    is_phase: bool = False          # a phase of 实施步骤 rather than a task

    @property
    def text(self) -> str:
        return "".join(self.paragraphs)

    @property
    def deadline(self) -> When:
        if self.annotation.deadline_text:
            return parse_deadline(self.annotation.deadline_text)
        if self.range is not None:
            return self.range.end
        return When()

    @property
    def targets(self) -> list[Target]:
        return find_targets(self.text)


@dataclass
class Plan:
    title: str = ""
    number: str = ""
    issuer: str = ""
    date: str = ""
    title_line: int = 0
    preamble: str = ""
    items: list[Item] = field(default_factory=list)
    outline: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, numbering, heading, section)
    section_lines: dict[str, int] = field(default_factory=dict)  # section → paragraphs not turned into entries
    skipped: list[tuple[int, str]] = field(default_factory=list)  # lines in no recognised part

    @property
    def tasks(self) -> list[Item]:
        return [i for i in self.items if not i.is_phase]

    @property
    def phases(self) -> list[Item]:
        return [i for i in self.items if i.is_phase]


def parse_plan(doc: Document) -> Plan:
    lines = split_paragraphs(doc.paragraphs)
    plan = Plan()
    start = next((i for i, ln in enumerate(lines) if ln.style == "一、"), None)
    if start is None:
        start = next((i for i, ln in enumerate(lines) if ln.style), len(lines))
    _read_head(lines[:start], plan)
    _read_body(lines[start:], plan)
    return plan


def _read_head(lines: list[Line], plan: Plan) -> None:
    for ln in lines:
        text = ln.text.strip()
        compact = re.sub(r"\s+", "", text)
        m = _NUMBER.match(compact)
        if m and not plan.number:
            plan.number = f"{m['org']}〔{m['year']}〕{m['n']}号"
            continue
        if _DATE_LINE.match(compact) or _ORG.match(compact):
            _read_signature(compact, plan)
            continue
        about = _ABOUT.match(text)
        if about:
            for org in about["orgs"].split():
                if _ORG.match(org):
                    _read_signature(org, plan)
            continue  # the covering notice's title: the plan's own title follows
        if compact.endswith(_TITLE_END) and len(compact) <= 60 and not re.search(r"[，。；]", compact):
            plan.title, plan.title_line = re.sub(r"^第[一二三四五六七八九十\d]+篇[：:]", "", compact), ln.number
            continue
        if len(text) >= 40 and re.search(r"[。]", text):
            plan.preamble += text
            continue
        plan.skipped.append((ln.number, text))


def _read_signature(compact: str, plan: Plan) -> None:
    """An issuing body or a date line: the first date counts, every issuer once."""
    d = _DATE_LINE.match(compact)
    if d:
        plan.date = plan.date or _date(int(d[1]), int(d[2]), int(d[3]) if d[3] else 0)
        return
    issuers = plan.issuer.split("、") if plan.issuer else []
    if compact not in issuers:
        plan.issuer = "、".join([*issuers, compact])


def _read_body(lines: list[Line], plan: Plan) -> None:
    stack: list[tuple[int, str, str, str]] = []   # (rank, section, heading, numbering)
    current: Item | None = None
    parents = _has_children(lines)
    for index, ln in enumerate(lines):
        if ln.row:   # a task table row is a task wherever the table stands
            text, ann = extract_bracketed(ln.text)
            path = "".join(n for _, _, _, n in stack) + "表格"
            item = _new_item(ln, path, S.TASKS, stack, ann, text)
            item.heading = split_heading(text)[0]
            plan.items.append(item)
            current = None   # what follows the table is not part of its last row
            continue
        if ln.style:
            while stack and stack[-1][0] >= ln.rank:
                stack.pop()
            if current is not None and current.rank >= ln.rank:
                current = None
            inherited = next((s for _, s, _, _ in reversed(stack) if s), "")
            # inside a task list every item is a task, whatever words its heading uses
            # (and inside 实施步骤 every sub-heading is a step: 组织实施阶段 is no 组织实施 section)
            own = "" if inherited in (S.TASKS, S.STEPS) else S.classify(ln.heading or ln.text[:20])
            section = own or inherited
            path = "".join(n for _, _, _, n in stack) + ln.label
            if current is not None:           # a sub-item of a task: part of its text
                _add_text(current, ln.label + ln.text)
                continue
            text, ann = extract_bracketed(ln.text)
            rng = find_range(ln.heading or ln.text[:60]) if section == S.STEPS and not own else None
            name = re.sub(r"（[^（）]*）", "", ln.heading).strip("。：； ")
            if rng is not None or (section == S.STEPS and not own and name.endswith("阶段") and len(name) <= 12):
                current = _new_item(ln, path, section, stack, ann, ln.rest if ln.heading else "")
                current.range, current.is_phase, current.heading = rng, True, name
                current.phase = f"{name}（{rng.written}）" if rng is not None else name
                plan.items.append(current)
                continue
            # a heading alone on its line heads a group, unless nothing is numbered below it: then,
            # inside a task list, it is a short task ("1.建立工作台账。")
            heading_only = bool(ln.heading) and not ln.rest and (section != S.TASKS or index in parents)
            if heading_only or (own and section != S.TASKS) or (own == S.TASKS and ln.heading and not ln.rest):
                plan.outline.append((ln.number, path, ln.heading or ln.text, own))
                stack.append((ln.rank, own, ln.heading or ln.text, ln.label))
                if own and ln.rest:
                    plan.section_lines[section] = plan.section_lines.get(section, 0) + 1
                continue
            if section == S.TASKS or (section == S.STEPS and _phase_of(plan, stack)):
                current = _new_item(ln, path, section, stack, ann, text)
                current.phase = _phase_of(plan, stack) if section == S.STEPS else ""
                plan.items.append(current)
                continue
            if section:
                plan.section_lines[section] = plan.section_lines.get(section, 0) + 1
            else:
                plan.skipped.append((ln.number, ln.label + ln.text))
            continue
        # an unnumbered paragraph
        section = next((s for _, s, _, _ in reversed(stack) if s), "")
        phase = _PHASE_LINE.match(ln.text) if section == S.STEPS else None
        rng = find_range(phase[0]) if phase else None
        if rng is not None:
            current = Item(ln.number, "".join(n for _, _, _, n in stack), phase[1], [], section,
                           group=next((h for _, _, h, _ in reversed(stack)), ""), rank=len(S.KEYWORDS) + 10)
            current.range, current.is_phase, current.phase = rng, True, f"{phase[1]}（{rng.written}）"
            _add_text(current, ln.text[phase.end():].lstrip("，。：；、 "))
            plan.items.append(current)
            continue
        compact = re.sub(r"\s+", "", ln.text)
        # the signature at the end: 某县人民政府办公室 / 2020年6月1日
        if _SIGNATURE.match(compact) or _DATE_LINE.match(compact):
            _read_signature(compact, plan)
            continue
        if is_annotation_line(ln.text):
            if current is not None:
                current.annotation.merge(parse_fields(ln.text))
            else:
                plan.skipped.append((ln.number, ln.text))
            continue
        if current is not None:
            _add_text(current, ln.text)
            continue
        if section:
            plan.section_lines[section] = plan.section_lines.get(section, 0) + 1
        elif not stack and len(ln.text) >= 40 and not plan.items and not plan.outline:
            plan.preamble += ln.text
        else:
            plan.skipped.append((ln.number, ln.text))


def _has_children(lines: list[Line]) -> set[int]:
    """Indexes of numbered lines followed by a deeper numbered line before the next one at their level."""
    out: set[int] = set()
    stack: list[int] = []
    for i, ln in enumerate(lines):
        if not ln.style:
            continue
        while stack and lines[stack[-1]].rank >= ln.rank:
            stack.pop()
        if stack:
            out.add(stack[-1])
        stack.append(i)
    return out


def _new_item(ln: Line, path: str, section: str, stack, ann, text: str) -> Item:
    item = Item(ln.number, path, ln.heading, [], section, rank=ln.rank,
                group=next((h for _, _, h, _ in reversed(stack)), ""))
    if ann is not None:
        item.annotation.merge(ann)
    _add_text(item, text)
    return item


def _add_text(item: Item, text: str) -> None:
    text, ann = extract_bracketed(text)
    if ann is not None:
        item.annotation.merge(ann)
    inline = find_inline(text)  # notes in the running text count only where no bracketed note gave them
    if inline is not None:
        if not item.annotation.lead:
            item.annotation.lead = inline.lead
        if not item.annotation.deadline_text:
            item.annotation.deadline_text = inline.deadline_text
    if text:
        item.paragraphs.append(text)


def _phase_of(plan: Plan, stack) -> str:
    """The phase a line under 实施步骤 belongs to: the last phase whose heading is on the stack."""
    headings = {h for _, _, h, _ in stack}
    for item in reversed(plan.phases):
        if item.heading in headings:
            return item.phase
    return ""
