"""Import one document against a data directory, and the review report an author reads afterwards."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...load.lint import PATTERNS
from ...load.loader import load_entries
from ...model.problems import Problems
from .emit import Drafts, make_drafts
from .plan import Plan, parse_plan
from .reading import Document, ReadError, read_document


@dataclass
class Imported:
    doc: Document
    plan: Plan
    drafts: Drafts


def existing_entries(data_dir: Path, problems: Problems):
    """Every entry in data/, drafts and internal ones included (ids must stay unique among all)."""
    return load_entries(data_dir, problems)


def import_plan(path: Path, data_dir: Path, theme: str, prefix: str, problems: Problems) -> Imported | None:
    """Read, recognise and turn into drafts; None (with problems reported) when that is impossible."""
    try:
        doc = read_document(path)
    except ReadError as exc:
        problems.error(path, 0, exc.message, exc.hint)
        return None
    loaded = Problems(root=problems.root)
    entries = existing_entries(data_dir, loaded)
    if loaded.errors:
        problems.items.extend(loaded.errors)
        problems.error(data_dir, 0, "现有数据有错误（见上），没有导入。",
                       "先运行 python3 scripts/check.py 并改正这些错误，再导入。")
        return None
    themes = {e.id for e in entries if e.kind.name == "theme"}
    if theme not in themes:
        import difflib
        close = difflib.get_close_matches(theme, sorted(themes), n=3)
        problems.error(path, 0, f"主题 `{theme}` 不存在。",
                       ("是不是 " + "、".join(f"`{c}`" for c in close) + "？" if close else "")
                       + "主题 id 见 data/themes.yaml。")
        return None
    plan = parse_plan(doc)
    if not plan.items:
        problems.error(path, 0, "没有识别出任何任务条目。",
                       "导入只认“主要任务/重点任务/工作措施/任务分工/实施内容”等部分下编号的条目（一、（一）1.（1）①），"
                       "以及“实施步骤”里带日期的阶段；检查文件是否用了这些标题和编号。")
        return None
    taken: dict[str, set[str]] = {}
    for e in entries:
        taken.setdefault(e.kind.name, set()).add(e.id)
    units = [e for e in entries if e.kind.name == "unit"]
    policies = [e for e in entries if e.kind.name == "policy"]
    drafts = make_drafts(plan, path.name, doc.unit, theme, prefix, units, taken, policies)
    return Imported(doc, plan, drafts)


def _short(text: str, n: int = 36) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def report(imp: Imported) -> str:
    doc, plan, drafts = imp.doc, imp.plan, imp.drafts
    u = doc.unit
    lines = []
    how = "（LibreOffice 转换）" if doc.converted else f"（{doc.encoding.upper()} 编码）" if doc.encoding else ""
    lines.append(f"读取 {doc.path.name}{how}：{len(doc.paragraphs)} {u}。")
    if doc.encoding == "gb18030":
        lines.append("  注意：文件是 GB18030（GBK）编码，已自动转换；写出的 YAML 是 UTF-8。")
    lines.append(f"标题：{plan.title or '（没有识别出，用文件名代替）'}；文号：{plan.number or '无'}；"
                 f"发文机关：{plan.issuer or '无'}；日期：{plan.date or '无'}")
    matched = [m for m in drafts.matches.values() if m.how in ("名称", "又称")]
    policy = (f"政策文件已在知识库中（`{drafts.existing_policy}`，文号相同），没有新建，措施的政策依据指向它"
              if drafts.existing_policy else "政策文件 1 条")
    lines.append(f"识别结果：{policy}，工作措施 {len(drafts.measures)} 条（任务 {len(plan.tasks)} 条、"
                 f"实施阶段 {len(plan.phases)} 个），新单位草稿 {len(drafts.units)} 个，"
                 f"匹配到已有单位 {len(matched)} 个。")
    if plan.section_lines:
        lines.append("未生成条目的部分：" + "，".join(f"{k} {n} {u}" for k, n in plan.section_lines.items())
                     + "（这些内容请按需写进政策文件的要点或相关措施）。")
    no_unit = [(i, m) for i, m in drafts.items if not i.is_phase and not (m.get("lead") or m.get("partners"))]
    no_deadline = [(i, m) for i, m in drafts.items if not m.get("deadline")]
    for label, rows in (("没有牵头或责任单位的任务", no_unit), ("没有完成时限的条目", no_deadline)):
        lines.append(f"{label} {len(rows)} 条" + ("：" if rows else "。"))
        for item, m in rows:
            extra = f"（{item.deadline.note}）" if label.startswith("没有完成") and item.deadline.note else ""
            lines.append(f"  第 {item.line} {u} {item.path} {_short(m['title'])}{extra}")
    unmatched = [m for m in drafts.matches.values() if m.how not in ("名称", "又称")]
    lines.append(f"没有匹配到已有单位的名称 {len(unmatched)} 个" + ("：" if unmatched else "。"))
    for m in unmatched:
        similar = "（是不是 " + "、".join(f"`{c}`" for c in m.close) + "？）" if m.close else ""
        what = f"已建单位草稿 `{m.id}`，请核对或改为已有单位{similar}" if m.how == "新建草稿" else m.how + "，未作引用"
        lines.append(f"  {m.name}：{what}")
    flagged = [(item, m, label) for item, m in drafts.items for pattern, label, _ in PATTERNS
               if pattern.search(item.text)]
    lines.append(f"含占位符、网址或联系方式的条目 {len(flagged)} 处" + ("（发布前必须改掉）：" if flagged else "。"))
    for item, m, label in flagged:
        lines.append(f"  第 {item.line} {u} {item.path} {_short(m['title'])}：{label}")
    lines.append(f"跳过的{u} {len(plan.skipped)} 个" + ("：" if plan.skipped else "。"))
    for number, text in plan.skipped:
        lines.append(f"  第 {number} {u}：{_short(text)}")
    return "\n".join(lines)
