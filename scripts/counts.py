#!/usr/bin/env python3
"""Counts of the bundled knowledge base per theme and kind, as a Markdown table.

    python3 scripts/counts.py            print the table
    python3 scripts/counts.py --readme   write it into README.md between its markers

A test fails when README.md's table is not what this script generates, so
the counts shown to new users never go stale.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.model.kinds import KINDS, THEME, names_with  # noqa: E402

START, END = "<!-- counts:start -->", "<!-- counts:end -->"


def counts_table(data_dir: Path) -> str:
    kb, _ = build_knowledge_base(data_dir)
    hub_kinds = names_with("hub")  # the kinds listed by theme
    themes = {t.id: t for t in kb.of_kind(THEME)}

    def children(parent):
        found = [t for t in themes.values() if (t.data["parent"].id if t.data.get("parent") else None) == parent]
        return sorted(found, key=lambda t: (t.data.get("order", 0), t.id))

    rows = ["| 主题 | " + " | ".join(KINDS[k].label for k in hub_kinds) + " |",
            "|---|" + "---:|" * len(hub_kinds)]

    def walk(parent, depth):
        for theme in children(parent):
            scope = set(kb.theme_descendants(theme.id))
            cells = [sum(1 for e in kb.of_kind(k) if scope.intersection(e.themes)) for k in hub_kinds]
            rows.append(f"| {'　' * depth}{theme.title} | " + " | ".join(map(str, cells)) + " |")
            walk(theme.id, depth + 1)
    walk(None, 0)
    rows.append("| **全部（去重）** | " + " | ".join(f"**{len(kb.of_kind(k))}**" for k in hub_kinds) + " |")
    others = "，".join(f"{k.label} {len(kb.of_kind(k.name))} 个" for k in KINDS.values() if k.name not in hub_kinds)
    return "\n".join(rows) + f"\n\n另有{others}。一个条目可以属于多个主题，所以各主题之和大于全部。"


def main() -> int:
    parser = argparse.ArgumentParser(description="知识库各主题、各类条目的数量。")
    parser.add_argument("--readme", action="store_true", help="写入 README.md")
    parser.add_argument("--data", default=str(ROOT / "data"))
    args = parser.parse_args()
    table = counts_table(Path(args.data))
    if not args.readme:
        print(table)
        return 0
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda m: f"{START}\n{table}\n{END}", text, flags=re.S)
    readme.write_text(new, encoding="utf-8")
    print("README.md 已更新。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
