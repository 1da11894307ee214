"""What a part of a plan is, from its heading: 指导思想, 工作目标, 主要任务, 实施步骤, 保障措施 …"""
from __future__ import annotations

GUIDING, GOALS, TASKS, STEPS, SAFEGUARDS, ORGANISATION, OTHER = (
    "指导思想", "工作目标", "主要任务", "实施步骤", "保障措施", "组织领导", "其他")

# checked in this order: 保障措施 before 工作措施, 目标任务 before 任务
KEYWORDS = [
    (STEPS, ("实施步骤", "工作步骤", "阶段安排", "方法步骤", "步骤安排", "时间安排", "进度安排", "实施阶段",
             "工作安排", "推进步骤")),
    (SAFEGUARDS, ("保障措施", "工作要求", "组织保障", "组织实施", "保障机制", "有关要求", "工作保障")),
    (ORGANISATION, ("组织领导", "组织机构", "领导小组")),
    (GUIDING, ("指导思想", "总体要求", "基本原则", "工作原则", "总体思路")),
    (GOALS, ("工作目标", "主要目标", "总体目标", "目标任务", "具体目标", "试点目标", "发展目标")),
    (TASKS, ("主要任务", "重点任务", "工作任务", "工作措施", "主要措施", "具体措施", "任务分工", "实施内容",
             "重点工作", "工作内容", "工作制度", "主要内容", "建设内容", "试点内容", "工作重点", "重点内容")),
]


def classify(heading: str) -> str:
    """The section kind a heading names, or "" when it names none.

    The keyword must begin or end the heading (试点范围和工作目标, 加强组织领导): inside a longer
    phrase it is a coincidence (基层党组织领导有力).
    """
    heading = heading.strip("。：；，、 ")
    for kind, words in KEYWORDS:
        if any(heading.startswith(w) or heading.endswith(w) for w in words):
            return kind
    return ""
