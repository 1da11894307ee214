#!/usr/bin/env python3
"""Turn a spreadsheet of measures (工作台账, .xlsx or .csv) into a YAML file for data/.

Usage: python3 scripts/import_measures.py 台账.xlsx --out data/imported/measures.yaml
           [--data data] [--keep-good] [--force]

Kept for existing habits: it is `scripts/sheets.py import 台账.xlsx --kind measure`
(the same columns, checks and messages; see 使用说明 › 台账). Nothing is written
when any row is bad, unless --keep-good is given, which writes the good rows
and still exits non-zero.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sheets  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把工作措施台账（Excel/CSV）转换为 data/ 中的 YAML 条目"
                                                 "（等同于 scripts/sheets.py import --kind measure）。")
    parser.add_argument("sheet", help="台账文件（.xlsx 或 .csv）")
    parser.add_argument("--out", required=True, help="写入的 YAML 文件，例如 data/imported/measures.yaml")
    parser.add_argument("--data", default=str(sheets.ROOT / "data"),
                        help="已有数据目录，用来查找主题、单位和政策文件（默认 data/）")
    parser.add_argument("--keep-good", action="store_true", help="有错误的行跳过，其余照常写入（仍以非零状态退出）")
    parser.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    args = parser.parse_args(argv)
    if Path(args.out).suffix.lower() not in (".yaml", ".yml"):
        parser.error("--out 应为 .yaml 文件")
    args.kind = "measure"
    return sheets.cmd_import(args, tool="scripts/import_measures.py")


if __name__ == "__main__":
    sys.exit(main())
