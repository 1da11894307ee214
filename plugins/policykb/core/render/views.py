"""Cadres' pages: what each unit is responsible for, the responsibility matrix,
the timeline of deadlines, every quantitative target, and statistics with gaps."""
from __future__ import annotations

import html
import re
from collections import defaultdict

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import KINDS, THEME, kinds_with
from .hooks import hide_backlinks, pages, section
from .hubs import entries_in_themes, sorted_themes, stats_table, top_themes
from .links import by_title, heading, rel
from .sorting import pinyin_key
from .text import esc, raw_html
from .writer import PageWriter, place_text

VIEWS = "views"
MATRIX_URI = f"{VIEWS}/responsibility.md"
TIMELINE_URI = f"{VIEWS}/timeline.md"
TARGETS_URI = f"{VIEWS}/targets.md"
STATS_URI = f"{VIEWS}/stats.md"


def exports() -> list[tuple[str, str]]:
    """The downloads: Excel and CSV of every kind with a `ledger`, then all public data as JSON."""
    out = []
    for kind in KINDS.values():
        if kind.ledger:
            out += [(f"exports/{kind.plural}.xlsx", f"{kind.ledger}（Excel）"),
                    (f"exports/{kind.plural}.csv", f"{kind.ledger}（CSV）")]
    return out + [("exports/knowledge-base.json", "全部公开数据（JSON）")]


def unit_measures(kb: KnowledgeBase, unit: Entry) -> tuple[list[Entry], list[Entry]]:
    """Measures the unit leads, and those it takes part in (exactly those naming it)."""
    lead: dict = {}
    part: dict = {}
    for link in kb.backlinks.get(unit.key, []):
        if link.source[0] == "measure" and link.field in ("lead", "partners"):
            (lead if link.field == "lead" else part)[link.source] = kb.entries[link.source]
    return by_title(lead.values()), by_title(m for k, m in part.items() if k not in lead)


INFERRED_LEGEND = "※ 表示原文未写明该单位的这项职责，由编者按职责推定（见该措施页的编者注）。"


def inferred_role(measure: Entry, field: str) -> bool:
    """Whether the measure's editors, not its source, name the units of this field (lead or partners)."""
    return field in (measure.data.get("inferred") or [])


def _role_field(unit: Entry, measure: Entry) -> str:
    return "lead" if any(r.id == unit.id for r in measure.data.get("lead") or []) else "partners"


def _split(unit: Entry, measures: list[Entry]) -> tuple[int, int]:
    """(sourced, inferred) counts of the unit's responsibilities among the measures."""
    inferred = sum(1 for m in measures if inferred_role(m, _role_field(unit, m)))
    return len(measures) - inferred, inferred


def theme_anchor(theme: Entry) -> str:
    return f"zhize-{theme.id}"


def _by_top_theme(kb: KnowledgeBase, measures: list[Entry]) -> dict[str, list[Entry]]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for measure in measures:
        for theme in top_themes(kb, measure) or [None]:
            groups[theme.id if theme else ""].append(measure)
    return groups


hide_backlinks("unit", "lead", "partners")


@section("unit")
def responsibilities(kb: KnowledgeBase, w: PageWriter, unit: Entry) -> list[str]:
    lead, part = unit_measures(kb, unit)
    if not lead and not part:
        return []
    (ls, li), (ps, pi) = _split(unit, lead), _split(unit, part)
    out = ["## 职责清单", "", f"牵头 {len(lead)} 项工作措施，参与 {len(part)} 项。"
           f"其中原文写明的牵头 {ls} 项、参与 {ps} 项，编者推定（※）的牵头 {li} 项、参与 {pi} 项。", ""]
    if li or pi:
        out += [INFERRED_LEGEND, ""]
    leads, parts = _by_top_theme(kb, lead), _by_top_theme(kb, part)
    themes = sorted_themes(t for t in kb.of_kind(THEME) if t.id in set(leads) | set(parts))
    for theme in themes + ([None] if "" in leads or "" in parts else []):
        key = theme.id if theme else ""
        title = esc(theme.title) if theme else "未分主题"
        out += [f"### {title} {{ #{theme_anchor(theme) if theme else 'zhize-other'} }}", ""]
        for label, group in (("牵头", leads.get(key, [])), ("参与", parts.get(key, []))):
            for measure in group:
                due = f"（{measure.data['deadline']}）" if measure.data.get("deadline") else ""
                mark = " ※" if inferred_role(measure, _role_field(unit, measure)) else ""
                out.append(f"- {label}：{w.link(measure)}{mark}{due}")
        out.append("")
    return out


def _export_links(uri: str) -> list[str]:
    return ["下载：" + " · ".join(f"[{label}]({rel(uri, path)})" for path, label in exports()), ""]


@pages
def responsibility_matrix(kb: KnowledgeBase) -> dict[str, str]:
    w = PageWriter(kb, MATRIX_URI)
    themes = sorted_themes(t for t in kb.of_kind(THEME) if not t.data.get("parent"))
    out = heading("责任矩阵") + ["各单位在各主题下牵头和参与的工作措施数量（牵头/参与），数字只计原文写明的职责；"
                               "“※”后是编者推定的牵头/参与数量（原文未写明单位，按职责推定）。"
                               "点击数字查看该单位的职责清单。", "",
                               INFERRED_LEGEND, ""]
    out += [raw_html('<div class="kb-wide">'), ""]
    out += ["| 单位 | " + " | ".join(esc(t.title) for t in themes) + " | 合计 |",
            "|---|" + "---:|" * (len(themes) + 1)]
    units = sorted(kb.of_kind("unit"), key=lambda u: (KINDS["unit"].fields["level"].choices.index(
        u.data["level"]) if u.data.get("level") else 99, pinyin_key(u.title)))
    for unit in units:
        lead, part = unit_measures(kb, unit)
        if not lead and not part:
            continue
        leads, parts = _by_top_theme(kb, lead), _by_top_theme(kb, part)
        cells = []
        for theme in themes:
            (ls, li), (ps, pi) = _split(unit, leads.get(theme.id, [])), _split(unit, parts.get(theme.id, []))
            target = (f"{w.link(unit, _cell(ls, ps, li, pi))[:-1]}#{theme_anchor(theme)})"
                      if ls or ps or li or pi else "")
            cells.append(target)
        (ls, li), (ps, pi) = _split(unit, lead), _split(unit, part)
        out.append(f"| {w.link(unit)} | " + " | ".join(cells) + f" | {_cell(ls, ps, li, pi)} |")
    return {MATRIX_URI: "\n".join(out + ["", raw_html("</div>"), ""])}


def _cell(lead: int, part: int, lead_inferred: int, part_inferred: int) -> str:
    """A matrix cell: sourced lead/partner counts, then the inferred ones after ※."""
    text = f"{lead}/{part}"
    return text + (f" ※{lead_inferred}/{part_inferred}" if lead_inferred or part_inferred else "")


_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def _when(date: str) -> tuple[str, str]:
    """(year, quarter label) of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    m = _YEAR.match(date)
    if not m or not m.group(2):
        return m.group(1) if m else date, "全年"
    return m.group(1), f"第{'一二三四'[(int(m.group(2)) - 1) // 3]}季度"


@pages
def timeline(kb: KnowledgeBase) -> dict[str, str]:
    w = PageWriter(kb, TIMELINE_URI)
    items: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    phases: dict[str, list[Entry]] = defaultdict(list)
    for measure in kb.of_kind("measure"):
        lead = "、".join(w.ref(r) for r in measure.data.get("lead") or [])
        lead = f" · 牵头：{lead}{' ※' if inferred_role(measure, 'lead') else ''}" if lead else ""
        if measure.data.get("deadline"):
            year, quarter = _when(measure.data["deadline"])
            items[year][quarter].append((measure.data["deadline"], f"{w.link(measure)}{lead}"))
        for target in measure.data.get("targets") or []:
            if target.get("by"):
                year, quarter = _when(target["by"])
                value = f"{target.get('value', '')}{target.get('unit', '')}"
                items[year][quarter].append(
                    (target["by"], f"指标：{esc(target['what'])} {esc(value)}（{w.link(measure)}）{lead}"))
        if measure.data.get("phase") and not measure.data.get("deadline"):
            phases[measure.data["phase"]].append(measure)
    out = heading("时间表") + ["工作措施的完成时限和各项指标的达成时间，按年份和季度排列。"
                             "同一时间的事项按日期先后排列。", ""]
    for year in sorted(items):
        out += [f"## {year} 年 {{ #y{year} }}", ""]
        order = ["第一季度", "第二季度", "第三季度", "第四季度", "全年"]
        for quarter in sorted(items[year], key=order.index):
            out += [f"### {quarter} {{ #y{year}-{order.index(quarter) + 1} }}", ""]
            out += [f"- {when}：{text}" for when, text in sorted(items[year][quarter], key=lambda x: (x[0], x[1]))]
            out.append("")
    if phases:
        out += ["## 按阶段（未写完成时限的措施） { #jieduan }", ""]
        for phase in sorted(phases, key=pinyin_key):
            out += [f"### {esc(phase)}", ""] + [f"- {w.link(m)}" for m in by_title(phases[phase])] + [""]
    return {TIMELINE_URI: "\n".join(out + [""])}


@pages
def targets_table(kb: KnowledgeBase) -> dict[str, str]:
    w = PageWriter(kb, TARGETS_URI)
    rows = []
    for measure in by_title(kb.of_kind("measure")):
        themes = "、".join(esc(t.title) for t in top_themes(kb, measure))
        lead = "、".join(w.ref(r) for r in measure.data.get("lead") or [])
        lead += " ※" if lead and inferred_role(measure, "lead") else ""
        for target in measure.data.get("targets") or []:
            rows.append(f"| {esc(target['what'])} | {esc(target.get('value', ''))} | {esc(target.get('unit', ''))} | "
                        f"{esc(target.get('by') or measure.data.get('deadline', ''))} | {w.link(measure)} | {lead} | "
                        f"{themes} | {esc(place_text(measure.data.get('place') or {}))} |")
    out = heading("指标一览") + [f"全部 {len(rows)} 项量化指标。点击表头排序，用下面的选择框按主题筛选。"
                                 "同一指标在不同地方的目标值不同，请看“地点”一列。", ""]
    out += _export_links(TARGETS_URI)
    out += [raw_html('<div class="kb-table kb-wide" data-kb-filter="主题">'), "",
            "| 指标 | 目标值 | 单位 | 时限 | 工作措施 | 牵头单位 | 主题 | 地点 |", "|---|---:|---|---|---|---|---|---|",
            *rows, "", raw_html("</div>"), ""]
    return {TARGETS_URI: "\n".join(out)}


def gaps(kb: KnowledgeBase) -> dict[str, list[Entry]]:
    """Per `coverage` kind (case, Q&A, training module): the measures none of its entries refers to."""
    referred: dict[str, set] = {k.name: set() for k in kinds_with("coverage")}
    for link in kb.links:
        if link.target[0] == "measure" and link.source[0] in referred:
            referred[link.source[0]].add(link.target[1])
    measures = kb.of_kind("measure")
    return {kind: by_title(m for m in measures if m.id not in ids) for kind, ids in referred.items()}


def bar_chart(rows: list[tuple[str, list[int]]], series: list[str], title: str) -> str:
    """A stacked horizontal bar chart as inline SVG (no script, no external file); title and every
    figure are its text alternative (role="img" with aria-label, <title> and <desc>)."""
    colours = ["#d32f2f", "#f57c00", "#388e3c", "#1976d2", "#7b1fa2", "#5d4037"]
    height, label_w, bar_w = 26, 150, 420
    top = max([sum(v) for _, v in rows] + [1])
    summary = "；".join(f"{label}：" + "，".join(f"{name} {v}" for name, v in zip(series, values))
                       for label, values in rows)
    out = [f'<svg class="kb-chart" role="img" aria-label="{esc_xml(title)}" viewBox="0 0 {label_w + bar_w + 60} '
           f'{height * len(rows) + 40}" xmlns="http://www.w3.org/2000/svg" font-size="13">'
           f'<title>{esc_xml(title)}</title><desc>{esc_xml(summary)}</desc>']
    for i, (label, values) in enumerate(rows):
        y = 10 + i * height
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="currentColor">'
                   f'{esc_xml(label)}</text>')
        x = label_w
        for j, v in enumerate(values):
            width = bar_w * v / top
            if v:
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{height - 8}" fill="{colours[j]}">'
                           f'<title>{esc_xml(label)} {esc_xml(series[j])} {v}</title></rect>')
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" fill="currentColor">{sum(values)}</text>')
    y = 20 + len(rows) * height
    for j, name in enumerate(series):
        out.append(f'<rect x="{label_w + j * 80}" y="{y}" width="12" height="12" fill="{colours[j]}"/>'
                   f'<text x="{label_w + j * 80 + 16}" y="{y + 11}" fill="currentColor">{esc_xml(name)}</text>')
    out.append("</svg>")
    return raw_html("".join(out))


def esc_xml(text: str) -> str:
    return html.escape(str(text), quote=True)


@pages
def statistics(kb: KnowledgeBase) -> dict[str, str]:
    w = PageWriter(kb, STATS_URI)
    kinds = kinds_with("chart")
    themes = sorted_themes(t for t in kb.of_kind(THEME) if not t.data.get("parent"))
    rows = [(t.title, [len(entries_in_themes(kb, kb.theme_descendants(t.id), k.name)) for k in kinds])
            for t in themes]
    out = heading("统计") + ["## 各主题条目数", "",
                           bar_chart(rows, [k.label for k in kinds], "各主题条目数（条形图）"), "",
                           stats_table(kb, STATS_URI)]
    out += _export_links(STATS_URI)
    missing = gaps(kb)
    total = len(kb.of_kind("measure"))
    labels = {k: f"没有{KINDS[k].label}的措施" for k in missing}
    names = [KINDS[k].label for k in missing]
    which = "、".join(names[:-1]) + "或" + names[-1] if len(names) > 1 else "".join(names)
    out += ["## 缺口", "", f"下面的工作措施还没有被任何{which}引用，是补充内容的优先方向。", "",
            bar_chart([(labels[k], [total - len(v), len(v)]) for k, v in missing.items()], ["已覆盖", "缺口"],
                      "工作措施的覆盖与缺口（条形图）"), ""]
    for kind, measures in missing.items():
        out += [f"### {labels[kind]}（{len(measures)}） {{ #gap-{kind} }}", ""]
        out += [f"- {w.link(m)}" for m in measures] + [""]
    return {STATS_URI: "\n".join(out)}
