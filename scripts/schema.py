#!/usr/bin/env python3
"""Regenerate data/kb.schema.json, the JSON Schema editors use to check and complete data files.

Usage: python3 scripts/schema.py [--data data] [--out data/kb.schema.json] [--check]
The schema comes from the kinds (plugins/policykb/core/model/kinds.py) and lists the
theme and unit ids found in the data; run it after adding a theme or a unit.
--check only compares and exits 1 when the committed file is out of date.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.exchange.schema import schema_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成编辑器用的数据格式说明（JSON Schema）：data/kb.schema.json。")
    parser.add_argument("--data", default=str(ROOT / "data"), help="数据目录（默认 data/），从中读取主题和单位的 id")
    parser.add_argument("--out", help="输出文件（默认 数据目录/kb.schema.json）")
    parser.add_argument("--check", action="store_true", help="只检查已有文件是否最新，不写入；过时则退出码为 1")
    args = parser.parse_args(argv)
    data = Path(args.data)
    out = Path(args.out) if args.out else data / "kb.schema.json"
    shown = out.resolve().relative_to(ROOT) if out.resolve().is_relative_to(ROOT) else out
    kb, _ = build_knowledge_base(data, profile="internal", derive=False)
    text = schema_text(kb)
    current = out.read_text(encoding="utf-8") if out.is_file() else ""
    if args.check:
        if current != text:
            print(f"{shown} 已过时：运行 python3 scripts/schema.py 重新生成。", file=sys.stderr)
            return 1
        print(f"{shown} 是最新的。")
        return 0
    if current != text:
        out.write_text(text, encoding="utf-8")
        print(f"已写入 {shown}（主题 {len(kb.of_kind('theme'))} 个，单位 {len(kb.of_kind('unit'))} 个）。")
    else:
        print(f"{shown} 没有变化。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
