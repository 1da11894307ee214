#!/usr/bin/env python3
"""Ledgers (台账) in Excel for every kind: an empty template, an export of the data, and import into YAML.

Usage:
  python3 scripts/sheets.py template --out 台账模板.xlsx
  python3 scripts/sheets.py export --out DIR [--profile public]   # DIR/台账.xlsx (internal entries too by default)
  python3 scripts/sheets.py import 台账.xlsx --out data/导入/ [--kind measure] [--keep-good] [--force]

Import reads every sheet named after a kind (工作措施, 单位 …); a CSV file or a
single unnamed sheet is one kind (guessed from its headers, or --kind). Names of
themes, units and other entries are looked up in --data and in the workbook
itself. Every bad cell is reported with sheet, row and column; nothing is
written when any row is bad, unless --keep-good is given.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.exchange.importer import import_workbook, kinds_yaml, read_sheets  # noqa: E402
from policykb.core.model.kinds import KINDS  # noqa: E402
from policykb.core.model.problems import Problems  # noqa: E402


def load(data: str, profile: str = "internal"):
    kb, problems = build_knowledge_base(data, profile=profile, derive=False)
    if problems.errors:
        print(problems.report())
        print("现有数据有错误，先修正它们（python3 scripts/check.py）。", file=sys.stderr)
        return None
    return kb


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def cmd_template(args) -> int:
    from policykb.core.exchange.workbook import workbook_bytes
    kb = load(args.data)
    if kb is None:
        return 1
    out = Path(args.out)
    write_atomic(out, workbook_bytes(kb, with_entries=False))
    print(f"已写入台账模板 {out}：{len(KINDS)} 个工作表（" + "、".join(k.label for k in KINDS.values())
          + "），另有「说明」。")
    return 0


def cmd_export(args) -> int:
    from policykb.core.exchange.workbook import workbook_bytes
    kb = load(args.data, args.profile)
    if kb is None:
        return 1
    out = Path(args.out)
    name = "台账-含内部条目.xlsx" if args.profile == "internal" else "台账.xlsx"
    target = out if out.suffix.lower() == ".xlsx" else out / name
    write_atomic(target, workbook_bytes(kb, with_entries=True))
    counts = "，".join(f"{k.label} {len(kb.of_kind(n))}" for n, k in KINDS.items())
    print(f"已导出到 {target}：{counts}。")
    return 0


def outputs(out: Path, kinds: list[str]) -> dict[Path, list[str]]:
    """Where each kind's entries go: one file for a .yaml --out, else one file per kind in the folder."""
    if out.suffix.lower() in (".yaml", ".yml"):
        return {out: kinds}
    return {out / f"{KINDS[k].plural}.yaml": [k] for k in kinds}


def cmd_import(args, tool: str = "scripts/sheets.py") -> int:
    sheet, out = Path(args.sheet), Path(args.out)
    if args.kind and args.kind not in KINDS:
        print(f"错误：没有条目类型 `{args.kind}`。可用类型：" + "、".join(KINDS) + "。", file=sys.stderr)
        return 2
    kb = load(args.data)
    if kb is None:
        return 1
    problems = Problems(root=Path.cwd())
    result = None
    if not sheet.is_file():
        problems.error(sheet, 0, "找不到台账文件。", "检查文件路径。")
    else:
        sheets = read_sheets(sheet, problems)
        if sheets is not None:
            result = import_workbook(sheets, sheet, kb, problems, kind=args.kind)
    files = outputs(out, list(result.by_kind)) if result else {}
    for path in files:
        if path.exists() and not args.force:
            problems.error(path, 0, "输出文件已存在，没有覆盖。", "换一个输出位置，或加 --force 覆盖。")
    if problems.items:
        print(problems.report())
    file_level = [p for p in problems.errors if p.line < 2]   # headers, sheets, unreadable file, output exists
    row_level = [p for p in problems.errors if p.line >= 2]
    if result is None or not result.entries or file_level or (row_level and not args.keep_good):
        print("没有写入任何条目。" + ("（有错误的行时加 --keep-good 可只写入正确的行。）" if row_level else ""),
              file=sys.stderr)
        return 1
    for path, kinds in files.items():
        text = kinds_yaml({k: result.by_kind[k] for k in kinds}, sheet.name, tool)
        write_atomic(path, text.encode("utf-8"))
    done = "，".join(f"{KINDS[k].label} {len(v)} 条" for k, v in result.by_kind.items())
    where = "、".join(str(p) for p in files)
    skipped = f"；跳过有错误的 {len(result.bad)} 行（{result.bad_text()}）" if result.bad else ""
    print(f"已写入 {where}：{done}{skipped}。运行 python3 scripts/check.py 检查。")
    return 1 if problems.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Excel 台账：生成模板、导出全部条目、把台账导入为 data/ 中的 YAML。")
    parser.add_argument("--data", default=str(ROOT / "data"), help="数据目录（默认 data/）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    p = sub.add_parser("template", help="生成空白台账模板（每类条目一个工作表，带下拉列表和说明）")
    p.add_argument("--out", required=True, help="模板文件，例如 台账模板.xlsx")
    p.set_defaults(run=cmd_template)
    p = sub.add_parser("export", help="把 data/ 中的条目导出为台账（默认只含公开条目）")
    p.add_argument("--out", required=True, help="输出目录（写入 台账.xlsx）或 .xlsx 文件")
    p.add_argument("--profile", choices=("internal", "public"), default="public",
                   help="public：只导出公开条目，可以对外分发（默认）；internal：也导出内部条目，文件名带“含内部条目”")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("import", help="把台账（.xlsx 或 .csv）转换为 YAML 条目")
    p.add_argument("sheet", help="台账文件（.xlsx 或 .csv）")
    p.add_argument("--out", required=True, help="输出目录（每类条目一个文件，如 measures.yaml）或一个 .yaml 文件")
    p.add_argument("--kind", help="只有一个工作表且表名不是条目类型时，指定类型，例如 measure")
    p.add_argument("--keep-good", action="store_true", help="有错误的行跳过，其余照常写入（仍以非零状态退出）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=cmd_import)
    for p in sub.choices.values():
        p.add_argument("--data", default=argparse.SUPPRESS, help="数据目录（默认 data/）")
    args = parser.parse_args(argv)
    try:
        if not (args.command == "import" and args.sheet.lower().endswith(".csv")):  # CSV needs no openpyxl
            import openpyxl  # noqa: F401
    except ImportError:
        print("错误：读写 Excel 需要 openpyxl。先运行 scripts/build.sh 准备环境，再用 .venv/bin/python "
              "scripts/sheets.py …；或 pip install openpyxl pypinyin。", file=sys.stderr)
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
