#!/usr/bin/env python3
"""Turn a spreadsheet of measures (工作台账, .xlsx or .csv) into a YAML file for data/.

Usage: python3 scripts/import_measures.py 台账.xlsx --out data/imported/measures.yaml [--data data] [--keep-good]

The first row holds Chinese column headers (任务/措施, 主题, 概述, 牵头单位,
责任单位, 完成时限, 目标 …; see 使用说明 › 导入台账). Theme, unit and policy
names are looked up in --data. Every bad cell is reported with its row and
column; nothing is written when any row is bad, unless --keep-good is given,
which writes the good rows and still exits non-zero.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.importer import import_rows, read_table, to_yaml  # noqa: E402
from policykb.core.problems import Problems  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把工作措施台账（Excel/CSV）转换为 data/ 中的 YAML 条目。")
    parser.add_argument("sheet", help="台账文件（.xlsx 或 .csv）")
    parser.add_argument("--out", required=True, help="写入的 YAML 文件，例如 data/imported/measures.yaml")
    parser.add_argument("--data", default=str(ROOT / "data"), help="已有数据目录，用来查找主题、单位和政策文件（默认 data/）")
    parser.add_argument("--keep-good", action="store_true", help="有错误的行跳过，其余照常写入（仍以非零状态退出）")
    parser.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    args = parser.parse_args(argv)

    sheet, out = Path(args.sheet), Path(args.out)
    kb, kb_problems = build_knowledge_base(args.data, profile="internal")
    if kb_problems.errors:
        print(kb_problems.report())
        print("现有数据有错误，先修正它们再导入。", file=sys.stderr)
        return 1
    problems = Problems(root=Path.cwd())
    if out.exists() and not args.force:
        problems.error(out, 0, "输出文件已存在，没有覆盖。", "换一个文件名，或加 --force 覆盖。")
    table = None
    if not sheet.is_file():
        problems.error(sheet, 0, "找不到台账文件。", "检查文件路径。")
    else:
        table = read_table(sheet, problems)
    result = import_rows(table, sheet, kb, problems) if table is not None else None
    if problems.items:
        print(problems.report())
    file_level = [p for p in problems.errors if p.line < 2]   # headers, unreadable file, output exists
    row_level = [p for p in problems.errors if p.line >= 2]
    writable = result is not None and result.entries and not file_level and (not row_level or args.keep_good)
    if not writable:
        print("没有写入任何条目。" + ("（有错误的行时加 --keep-good 可只写入正确的行。）" if row_level else ""),
              file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(to_yaml(result.entries, sheet.name), encoding="utf-8")
    tmp.replace(out)
    skipped = f"，跳过有错误的 {len(result.bad_rows)} 行（第 {'、'.join(map(str, result.bad_rows))} 行）" if result.bad_rows else ""
    print(f"已写入 {len(result.entries)} 条工作措施到 {out}{skipped}。运行 scripts/check.py 检查。")
    return 1 if problems.errors else 0


if __name__ == "__main__":
    sys.exit(main())
