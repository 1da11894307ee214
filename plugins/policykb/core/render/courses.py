"""Trainers' pages: course syllabus, a module's place in courses, printable handouts."""
from __future__ import annotations

from ..model.entries import Entry, KnowledgeBase
from ..model.kinds import names_with
from .hooks import hide_backlinks, pages, section
from .links import by_title, heading, rel
from .text import esc, raw_html
from .writer import PageWriter

HANDOUT_DIR = "handout"


def course_modules(kb: KnowledgeBase, course: Entry) -> list[tuple[Entry, bool]]:
    """(module, required?) in course order: required modules first, then electives."""
    out = []
    for field, required in (("required", True), ("electives", False)):
        for ref in course.data.get(field) or []:
            module = kb.resolve(ref)
            if module is not None:
                out.append((module, required))
    return out


def course_hours(kb: KnowledgeBase, course: Entry) -> tuple[float, float]:
    """Total 学时 of the required and of the elective modules."""
    required = sum(m.data["hours"] for m, req in course_modules(kb, course) if req)
    elective = sum(m.data["hours"] for m, req in course_modules(kb, course) if not req)
    return required, elective


def hours(value: float) -> str:
    return f"{value:g}"


def handout_uri(course: Entry) -> str:
    return f"{HANDOUT_DIR}/{course.id}.md"


@section("course")
def syllabus(kb: KnowledgeBase, w: PageWriter, course: Entry) -> list[str]:
    required, elective = course_hours(kb, course)
    total = f"必修 {hours(required)} 学时" + (f"，选修 {hours(elective)} 学时" if elective else "")
    out = ["## 课程安排", "", f"共 {len(course_modules(kb, course))} 个模块，{total}。"
           f"[打印讲义]({rel(course.src_uri, handout_uri(course))}){{ .md-button .kb-print-link }}", "",
           "| 序号 | 模块 | 类别 | 学时 | 培训目标 | 教学方法 |", "|---:|---|---|---:|---|---|"]
    for n, (module, req) in enumerate(course_modules(kb, course), 1):
        objectives = "；".join(esc(o) for o in module.data.get("objectives", []))
        methods = "、".join(esc(m) for m in module.data.get("methods", []))
        mark = " ※" if "hours" in (module.data.get("inferred") or []) else ""
        out.append(f"| {n} | {w.link(module)} | {'必修' if req else '选修'} | {hours(module.data['hours'])}{mark} | "
                   f"{objectives} | {methods} |")
    out.append(f"| | **合计** | | **{hours(required + elective)}** | | |")
    if any("hours" in (m.data.get("inferred") or []) for m, _ in course_modules(kb, course)):
        out += ["", "※ 标 ※ 的学时是编者的建议安排，原文没有规定（见模块页的编者注）。"]
    prereq = [kb.resolve(r) for r in course.data.get("prerequisites") or []]
    if prereq:
        out += ["", "先修课程：" + "、".join(w.link(p) for p in prereq if p)]
    return out + [""]


hide_backlinks("module", "required", "electives")


@section("module")
def courses_of_module(kb: KnowledgeBase, w: PageWriter, module: Entry) -> list[str]:
    rows = []
    for course in by_title(kb.of_kind("course")):
        modules = [m for m, _ in course_modules(kb, course)]
        for i, (m, req) in enumerate(course_modules(kb, course)):
            if m is module:
                prev = w.link(modules[i - 1]) if i > 0 else "—"
                nxt = w.link(modules[i + 1]) if i + 1 < len(modules) else "—"
                rows.append(f"| {w.link(course)} | {'必修' if req else '选修'} | 第 {i + 1}/{len(modules)} 个 | "
                            f"{prev} | {nxt} |")
    if not rows:
        return []
    return ["## 所属课程", "", "| 课程 | 类别 | 位置 | 上一个模块 | 下一个模块 |", "|---|---|---|---|---|",
            *rows, ""]


# ---------------------------------------------------------------- handouts

def anchor(*parts: str) -> str:
    return "-".join(parts)


def _fulltext(kb: KnowledgeBase, w: PageWriter, entry: Entry, level: int) -> list[str]:
    """An entry's own text, inlined: summary, key facts and its text fields."""
    kind = entry.kind
    out = []
    if entry.summary:
        out += [esc(entry.summary), ""]
    facts = []
    for name in ("place", "lead", "partners", "deadline", "phase", "year", "basis"):
        ftype = kind.fields.get(name)
        if ftype is not None and entry.data.get(name):
            facts.append(f"**{ftype.label}**：{w.inline(ftype, entry.data[name])}")
    if facts:
        out += ["；".join(facts), ""]
    for name, ftype in kind.fields.items():
        if ftype.show != "section" or not entry.data.get(name) or name in ("related", "readings"):
            continue
        out += [f"{'#' * (level + 1)} {ftype.label}", ""]
        value = entry.data[name]
        if isinstance(value, str):
            out.append(w.markdown_at(value, level + 1))
        else:
            out.append(w.block(ftype, value))
        out.append("")
    return out


def render_handout(kb: KnowledgeBase, course: Entry) -> str:
    uri = handout_uri(course)
    w = PageWriter(kb, uri)
    required, elective = course_hours(kb, course)
    modules = course_modules(kb, course)
    out = heading(f"{course.title}：培训讲义")
    out += [raw_html('<div class="kb-handout-tools">'), "",
            f"[返回课程]({rel(uri, course.src_uri)}) · 使用浏览器的“打印”（Ctrl+P）即可打印或保存为 PDF。", "",
            raw_html("</div>"), "",
            "| 项目 | 内容 |", "|---|---|",
            f"| 培训对象 | {'、'.join(esc(a) for a in course.data['audience'])} |",
            f"| 学时 | 必修 {hours(required)}" + (f"，选修 {hours(elective)}" if elective else "") + " |"]
    if course.data.get("assessment"):
        out.append(f"| 考核方式 | {'；'.join(esc(a) for a in course.data['assessment'])} |")
    out += ["", "## 目录 { #mulu }", ""]
    for n, (module, req) in enumerate(modules, 1):
        out.append(f"{n}. [{esc(module.title)}](#{anchor('module', module.id)})（{hours(module.data['hours'])} 学时，"
                   f"{'必修' if req else '选修'}）")
        for target in _readings(kb, module):
            out.append(f"    - [{target.kind.label}：{esc(target.title)}]"
                       f"(#{anchor(module.id, target.kind.name, target.id)})")
    out.append("")
    for n, (module, req) in enumerate(modules, 1):
        out += [f"## {n}. {esc(module.title)} {{ #{anchor('module', module.id)} .kb-handout-module }}", ""]
        methods = "、".join(esc(m) for m in module.data.get("methods", []))
        out += [f"{'必修' if req else '选修'} · {hours(module.data['hours'])} 学时 · "
                f"对象：{'、'.join(esc(a) for a in module.data['audience'])}"
                + (f" · 方法：{methods}" if methods else "")
                + f" · 原页面：{w.link(module)}", ""]
        out += _fulltext(kb, w, module, 2)
        for target in _readings(kb, module):
            out += [f"### {target.kind.label}：{esc(target.title)} "
                    f"{{ #{anchor(module.id, target.kind.name, target.id)} .kb-handout-entry }}", ""]
            out += _fulltext(kb, w, target, 3)
            sources = target.data.get("source") or []
            if sources:
                out += ["来源：" + "；".join(esc(f"{s['doc']}，{s['article']}") for s in sources), ""]
    return "\n".join(out)


def _readings(kb: KnowledgeBase, module: Entry) -> list[Entry]:
    """The module's readings whose full text the handout carries (kinds with the `inlined` role)."""
    inlined = names_with("inlined")
    out = []
    for ref in module.data.get("readings") or []:
        target = kb.resolve(ref)
        if target is not None and target.kind.name in inlined:
            out.append(target)
    return out


@pages
def handouts(kb: KnowledgeBase) -> dict[str, str]:
    return {handout_uri(c): render_handout(kb, c) for c in kb.of_kind("course")}
