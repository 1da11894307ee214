"""Annotations (牵头单位/责任单位/完成时限 …), deadlines, date ranges and targets in plan text."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

LEAD, PARTNERS, DEADLINE, SUBJECTS = "lead", "partners", "deadline", "subjects"
KEYS = [  # longest first, so that 牵头单位 wins over 牵头
    ("牵头单位", LEAD), ("牵头部门", LEAD), ("主责单位", LEAD), ("牵头", LEAD),
    ("责任单位", PARTNERS), ("责任部门", PARTNERS), ("配合单位", PARTNERS), ("配合部门", PARTNERS),
    ("协办单位", PARTNERS), ("参与单位", PARTNERS),
    ("责任主体", SUBJECTS),   # classes of actors (各乡镇党委、政府), not units: kept in the text only
    ("完成时限", DEADLINE), ("时间节点", DEADLINE), ("完成时间", DEADLINE), ("时限要求", DEADLINE), ("时限", DEADLINE),
]
_KEY = "|".join(k for k, _ in KEYS)
_FIELD = re.compile(rf"({_KEY})\s*[：:]\s*")
_OWN_LINE = re.compile(rf"^\s*(?:{_KEY})\s*[：:]")
UNIT_SEP = re.compile(r"[、，；;/／]|\s+")
LONG_TERM = ("长期坚持", "长期推进", "持续推进", "常态化推进", "长期")


@dataclass
class Annotation:
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    deadline_text: str = ""
    raw: list[str] = field(default_factory=list)   # the annotations as written

    def merge(self, other: Annotation) -> None:
        self.lead += [u for u in other.lead if u not in self.lead]
        self.partners += [u for u in other.partners if u not in self.partners and u not in self.lead]
        self.deadline_text = other.deadline_text or self.deadline_text
        self.raw += other.raw


def is_annotation_line(text: str) -> bool:
    return bool(_OWN_LINE.match(text))


def parse_fields(text: str) -> Annotation:
    """'牵头单位：A；配合单位：B、C；完成时限：2020年6月底前' → an Annotation."""
    ann = Annotation(raw=[text.strip()])
    keys = dict(KEYS)
    matches = list(_FIELD.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end():end].strip(" ；;，,。")
        kind = keys[m[1]]
        if kind == DEADLINE:
            ann.deadline_text = value
        elif kind == SUBJECTS:
            continue
        else:
            names = [clean_unit(n) for n in UNIT_SEP.split(value) if clean_unit(n)]
            getattr(ann, kind).extend(n for n in names if n not in getattr(ann, kind))
    ann.partners = [u for u in ann.partners if u not in ann.lead]
    return ann


def clean_unit(name: str) -> str:
    return re.sub(r"\s+", "", name).strip("。，；：、 ")


# a bracket group that may hold one level of nested brackets: （A牵头，各村（居）等按职责负责组织实施）
_GROUP = re.compile(r"[（【\[]((?:[^（）【】\[\]]|（[^（）]*）)*)[）】\]]")
# "A牵头，B、C配合" / "A、B牵头，C等按职责负责组织实施"
_LEAD_BY = re.compile(r"^(?P<lead>[^，,；;：:]{2,60}?)(?:负责)?牵头(?:抓总)?(?:[，,；;]\s*(?P<partners>[^：:]+?)"
                      r"(?:等(?:单位|部门)?)?\s*(?:配合|参与|协助|协同|按职责(?:分工)?(?:负责)?(?:组织实施|落实|抓好落实)?|"
                      r"分工负责|共同负责|负责落实|具体落实|抓好落实|组织实施))?$")


def parse_group(text: str) -> Annotation | None:
    """One bracketed note as an annotation, or None when it is ordinary text."""
    text = text.strip()
    if _FIELD.match(text):
        return parse_fields(text)
    m = _LEAD_BY.match(text)
    if m:
        ann = Annotation(raw=[text])
        ann.lead = [clean_unit(n) for n in UNIT_SEP.split(m["lead"]) if clean_unit(n)]
        partners = re.sub(r"等$", "", (m["partners"] or "").strip())
        ann.partners = [u for u in (clean_unit(n) for n in UNIT_SEP.split(partners)) if u and u not in ann.lead]
        return ann
    return None


def extract_bracketed(text: str) -> tuple[str, Annotation | None]:
    """Annotations in brackets taken out of a text: (text without them, annotation or None)."""
    found = None
    kept, last = [], 0
    for m in _GROUP.finditer(text):
        ann = parse_group(m[1])
        if ann is None:
            continue
        kept.append(text[last:m.start()])
        last = m.end()
        if found is None:
            found = ann
        else:
            found.merge(ann)
    if found is None:
        return text, None
    kept.append(text[last:])
    return "".join(kept).strip(), found


# "由县民政局牵头，2024年6月底前完成。": the same notes written as running text, clause by clause
_UNIT_END = r"(?:局|办|委|部|院|所|站|中心|政府|党委|党组|委员会|小组|组|会|队|室|处|科|厅|馆|团|社|联|庭)"
_INLINE_LEAD = re.compile(rf"(?:^|[，,；;。])\s*由(?P<lead>[^，,；;。：:（）]{{2,40}}?{_UNIT_END})(?:负责)?牵头")
_INLINE_DEADLINE = re.compile(r"(?:^|[，,；;。])\s*(?:于|在)?"
                              r"(?P<when>\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|末)?\s*(?:前|之前))"
                              r"\s*(?:完成|落实到位|全面完成|建成|到位)?\s*(?=[，,；;。]|$)")


def find_inline(text: str) -> Annotation | None:
    """Lead unit and deadline written as clauses of the text (由A牵头，…前完成), or None."""
    lead, when = _INLINE_LEAD.search(text), _INLINE_DEADLINE.search(text)
    if not lead and not when:
        return None
    ann = Annotation(raw=[m[0].strip("，,；;。 ") for m in (lead, when) if m])
    if lead:
        ann.lead = [u for u in (clean_unit(n) for n in UNIT_SEP.split(lead["lead"])) if u]
    if when:
        ann.deadline_text = when["when"]
    return ann


# ---- dates ---------------------------------------------------------------

_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YM = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
_Y = re.compile(r"(\d{4})\s*年(?!\s*\d{1,2}\s*月)")


@dataclass
class When:
    value: str = ""      # YYYY, YYYY-MM or YYYY-MM-DD; "" when none
    note: str = ""       # 长期坚持, or why a written date was not taken


def parse_deadline(text: str) -> When:
    """The last date in a deadline text: 2020年6月底前 → 2020-06; 2021年12月31日前 → 2021-12-31; 长期坚持 → note."""
    text = text or ""
    spans = []
    for m in _YMD.finditer(text):
        spans.append((m.start(), _date(int(m[1]), int(m[2]), int(m[3])), m[0]))
    for m in _YM.finditer(text):
        spans.append((m.start(), _date(int(m[1]), int(m[2])), m[0]))
    for m in _Y.finditer(text):
        spans.append((m.start(), _date(int(m[1])), m[0]))
    if spans:
        _, value, written = max(spans)
        if value:
            return When(value)
        return When("", f"日期「{written}」不存在，没有填入")
    for word in LONG_TERM:
        if word in text:
            return When("", word)
    return When("", "")


def _date(year: int, month: int = 0, day: int = 0) -> str:
    if not 1949 <= year <= 2100:
        return ""
    try:
        if day:
            return _dt.date(year, month, day).isoformat()
        if month:
            _dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    except ValueError:
        return ""
    return f"{year:04d}"


_RANGE = re.compile(r"（\s*((?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)\s*(?:[-－—–~～至到]+)\s*"
                    r"((?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?(?:底|末)?)\s*）")


@dataclass
class Range:
    written: str
    start: When
    end: When


def find_range(text: str, year: int | None = None) -> Range | None:
    """A phase's date range in （）: 2020年6月30日-2020年7月10日, 2012年4月1日至20日, 2020年7月-12月."""
    m = _RANGE.search(text)
    if not m:
        return _single(text)
    a, b = m[1], m[2]
    ya = re.search(r"(\d{4})\s*年", a)
    year_a = int(ya[1]) if ya else year
    ma = re.search(r"(\d{1,2})\s*月", a)
    da = re.search(r"(\d{1,2})\s*日", a)
    if year_a is None or not ma:
        return None
    yb = re.search(r"(\d{4})\s*年", b)
    mb = re.search(r"(\d{1,2})\s*月", b)
    db = re.search(r"(\d{1,2})\s*日", b)
    year_b = int(yb[1]) if yb else year_a
    month_b = int(mb[1]) if mb else int(ma[1])
    start = _when(year_a, int(ma[1]), int(da[1]) if da else 0, f"{a}")
    end = _when(year_b, month_b, int(db[1]) if db else 0, b)
    return Range(m[0].strip("（）"), start, end)


def _when(year: int, month: int, day: int, written: str) -> When:
    value = _date(year, month, day)
    return When(value) if value else When("", f"日期「{written}」不存在，没有填入")


# ---- targets -------------------------------------------------------------

_BY = re.compile(r"(?:到|至|于)?\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月)?(?:底|末|前|内)?")
_PERCENT = re.compile(r"(不低于|不少于|超过|达到|≥|≧|＞|>)?\s*(\d+(?:\.\d+)?)\s*[%％]\s*(以上|以下|左右)?")
_COUNT = re.compile(r"(至少|不少于|不低于|不超过|达到)\s*(?:[\u4e00-\u9fff]{1,4}?)?\s*(\d+(?:\.\d+)?)\s*"
                    r"(名|个|人|次|户|所|支|家|项|场|期|小时|学时|万元|元|平方米)")
_CLAUSE = re.compile(r"[^。；！？]+")


@dataclass
class Target:
    what: str
    value: int | float
    unit: str
    by: str = ""
    note: str = ""


def find_targets(text: str) -> list[Target]:
    """Quantified targets written in the text: percentages and 至少/不少于 N 名/个 …; the sentence is kept as `what`."""
    out = []
    for sentence in _CLAUSE.findall(text):
        for clause in re.split(r"，", sentence):
            m = _PERCENT.search(clause) or None
            c = _COUNT.search(clause)
            if not m and not c:
                continue
            by = ""
            mb = _BY.search(sentence)
            if mb and (mb[0].startswith(("到", "至")) or "前" in mb[0] or "底" in mb[0]):
                by = _date(int(mb[1]), int(mb[2]) if mb[2] else 0)
            if m:
                note = (m[1] or "").replace("≧", "≥").replace("＞", "超过").replace(">", "超过") + (m[3] or "")
                value, unit = _number(m[2]), "%"
            else:
                value, unit, note = _number(c[2]), c[3], c[1] if c[1] != "达到" else ""
            what = clause.strip()
            if len(what) < 6:  # "全覆盖 100%" too short to say what: take the whole sentence
                what = sentence.strip()
            out.append(Target(what[:200], value, unit, by, note))
    return out


def _number(text: str):
    return float(text) if "." in text else int(text)


_SINGLE = re.compile(r"（\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?\s*(?:底|末|前|内)?\s*）")


def _single(text: str) -> Range | None:
    """A phase that names one period: 第一阶段（2020年）, 启动阶段（2020年6月）."""
    m = _SINGLE.search(text)
    if not m:
        return None
    when = _when(int(m[1]), int(m[2] or 0), int(m[3] or 0), m[0].strip("（）"))
    return Range(m[0].strip("（）"), when, when)
