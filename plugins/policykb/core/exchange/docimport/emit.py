"""Draft entries from a recognised plan: one `policy`, a `measure` per item, a `unit` per unknown unit."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ...lang.pinyin import slug
from ...model.fields import MAX_ID
from ...model.kinds import KINDS
from ..yamlout import _Dumper
from .plan import Item, Plan

DRAFT = "draft"
TITLE_MAX = 40
SUMMARY_MAX = 160


@dataclass
class UnitMatch:
    name: str
    id: str = ""
    how: str = ""        # 名称, 又称, 新建草稿, 不是单位, 同名多个
    close: list[str] = field(default_factory=list)   # similar existing names, for a new draft


@dataclass
class Drafts:
    policy: dict = field(default_factory=dict)
    measures: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    existing_policy: str = ""      # the document is already a policy in data/ (same 文号): its id
    matches: dict[str, UnitMatch] = field(default_factory=dict)
    items: list[tuple[Item, dict]] = field(default_factory=list)   # each item with its measure

    def mapping(self) -> dict:
        out = {"policies": [self.policy]} if self.policy else {}
        if self.units:
            out["units"] = self.units
        out["measures"] = self.measures
        return out


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


class UnitFinder:
    """Existing units by exact name first, then by alias (又称)."""

    def __init__(self, units):
        self.by_name: dict[str, set[str]] = {}
        self.by_alias: dict[str, set[str]] = {}
        for entry in units:
            self.by_name.setdefault(_key(entry.data.get("name", "")), set()).add(entry.id)
            for alias in entry.data.get("aliases") or []:
                self.by_alias.setdefault(_key(alias), set()).add(entry.id)

    def close(self, name: str) -> list[str]:
        """Existing unit names or aliases that look like this one, for the review report."""
        import difflib
        names = list(self.by_name) + list(self.by_alias)
        contained = [n for n in names if len(n) >= 2 and (n in _key(name) or _key(name) in n)]
        out: list[str] = []
        for n in contained + difflib.get_close_matches(_key(name), names, n=3, cutoff=0.75):
            for id_ in sorted(self.by_name.get(n, set()) | self.by_alias.get(n, set())):
                if id_ not in out:
                    out.append(id_)
        return out[:3]

    def find(self, name: str) -> UnitMatch:
        key = _key(name)
        for table, how in ((self.by_name, "名称"), (self.by_alias, "又称")):
            ids = table.get(key)
            if ids and len(ids) == 1:
                return UnitMatch(name, next(iter(ids)), how)
            if ids:
                return UnitMatch(name, "", "同名多个：" + "、".join(sorted(ids)))
        return UnitMatch(name)


class Ids:
    """Readable, stable ids unique within a kind (existing entries, drafts included)."""

    def __init__(self, taken: dict[str, set[str]]):
        self.taken = {k: set(v) for k, v in taken.items()}

    def new(self, kind: str, text: str, prefix: str = "") -> str:
        room = MAX_ID - (len(prefix) + 1 if prefix else 0) - 3
        base = slug(text, max_length=max(room, 8))
        base = f"{prefix}-{base}" if prefix else base
        taken = self.taken.setdefault(kind, set())
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        return candidate


def title_of(item: Item) -> str:
    if item.heading:
        text = item.heading
    else:
        text = re.split(r"[，。；：]", item.text, maxsplit=1)[0]
    text = text.strip("，。；： ")
    return text if len(text) <= TITLE_MAX else text[:TITLE_MAX - 1] + "…"


def summary_of(item: Item) -> str:
    """The first sentences after the item's heading (the heading is already its title)."""
    text = item.text
    if item.heading and text.startswith(item.heading) and len(text) > len(item.heading) + 1:
        text = text[len(item.heading):].lstrip("。：；，、 ")
    sentences = [s for s in re.split(r"(?<=[。；！])", text) if s.strip()]
    text = ""
    for s in sentences:
        if text and len(text) + len(s) > SUMMARY_MAX:
            break
        text += s
    text = text or item.phase or item.heading
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1] + "…"


def body_of(item: Item) -> str:
    parts = list(item.paragraphs)
    if item.annotation.raw:
        parts.append("原文标注：" + "；".join(item.annotation.raw))
    return "\n\n".join(parts)


def _number_key(number: str) -> str:
    return re.sub(r"[\s〔〕\[\]［］（）()【】„‟]", "", number or "")


def make_drafts(plan: Plan, doc_name: str, place_unit: str, theme: str, prefix: str,
                units, taken: dict[str, set[str]], policies=()) -> Drafts:
    """Entries for data/: every field only from what the document says; all marked `status: draft`.

    A document whose 文号 is already a policy in data/ gets no second policy: its
    measures cite the existing one.
    """
    finder, ids = UnitFinder(units), Ids(taken)
    drafts = Drafts()
    article = plan.title or doc_name
    same = [p.id for p in policies if plan.number and _number_key(p.data.get("number", "")) == _number_key(plan.number)]
    drafts.existing_policy = same[0] if len(same) == 1 else ""
    policy_id = drafts.existing_policy or (ids.new("policy", prefix) if prefix else ids.new("policy", article))
    policy = {"id": policy_id, "title": article}
    if plan.number:
        policy["number"] = plan.number
    if plan.issuer:
        policy["issuer"] = plan.issuer
    if plan.date:
        policy["date"] = plan.date
    policy["themes"] = [theme]
    outline = [f"- {path}{heading}（第 {line} {place_unit}）" for line, path, heading, _ in plan.outline]
    if outline:
        policy["body"] = "原文结构：\n\n" + "\n".join(outline)
    policy["source"] = [{"doc": doc_name, "article": article,
                         "note": f"第 {plan.title_line} {place_unit}" if plan.title_line else "全文"}]
    policy["status"] = DRAFT
    drafts.policy = {} if drafts.existing_policy else policy

    new_units: dict[str, dict] = {}

    def unit_ids(names: list[str], item: Item) -> list[str]:
        out = []
        for name in names:
            match = drafts.matches.get(name)
            if match is None:
                match = finder.find(name)
                if not match.id and not match.how:
                    if name.startswith("各") or name in ("有关单位", "相关单位", "各有关单位"):
                        match.how = "不是具体单位"
                    else:
                        match.id, match.how = ids.new("unit", name), "新建草稿"
                        match.close = finder.close(name)
                        new_units[name] = {"id": match.id, "name": name, "source": [
                            {"doc": doc_name, "article": article,
                             "note": f"第 {item.line} {place_unit}，{item.path}的标注"}], "status": DRAFT}
                drafts.matches[name] = match
            if match.id and match.id not in out:
                out.append(match.id)
        return out

    for item in plan.items:
        title = title_of(item)
        measure: dict = {"id": ids.new("measure", title, prefix), "title": title, "themes": [theme],
                         "summary": summary_of(item)}
        lead = unit_ids(item.annotation.lead, item)
        partners = [u for u in unit_ids(item.annotation.partners, item) if u not in lead]
        if lead:
            measure["lead"] = lead
        if partners:
            measure["partners"] = partners
        if item.phase:
            measure["phase"] = item.phase[:100]
        if item.deadline.value:
            measure["deadline"] = item.deadline.value
        measure["basis"] = [policy_id]
        measure["body"] = body_of(item)
        targets = []
        for t in item.targets:
            target = {"what": t.what, "value": t.value, "unit": t.unit}
            if t.by:
                target["by"] = t.by
            if t.note:
                target["note"] = t.note
            targets.append(target)
        if targets:
            measure["targets"] = targets
        note = f"第 {item.line} {place_unit}，{item.path}"
        if item.deadline.note:
            note += f"；完成时限：{item.deadline.note}"
        measure["source"] = [{"doc": doc_name, "article": article, "note": note}]
        measure["status"] = DRAFT
        order = ["id", *KINDS["measure"].fields]
        measure = {k: measure[k] for k in order if k in measure}
        drafts.measures.append(measure)
        drafts.items.append((item, measure))
    drafts.units = list(new_units.values())
    return drafts


def to_yaml(drafts: Drafts, origin: str) -> str:
    head = (f"# 由 scripts/import_doc.py 从 {origin} 导入的待审核草稿（status: draft，构建时不发布）。\n"
            "# 逐条核对原文，用自己的话改写标题、概述和做法，补上缺的单位和时限，然后删去 `status: draft`。\n")
    return head + yaml.dump(drafts.mapping(), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=1000, default_flow_style=None)
