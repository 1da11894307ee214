#!/usr/bin/env python3
"""Check the knowledge base in data/ without building the site.

Usage: python3 scripts/check.py [DATA_DIR] [--profile public|internal]
Prints every problem as `path:line: 错误: …` with a hint; exits 1 on errors.
Drafts (`status: draft`, e.g. from scripts/import_doc.py) are listed as `提示` and never fail the check.
Needs only PyYAML, so it also runs outside the project's virtual environment.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查知识库数据（不构建站点）。")
    parser.add_argument("data_dir", nargs="?", default=str(ROOT / "data"), help="数据目录，默认 data/")
    parser.add_argument("--profile", choices=("public", "internal"), default="public",
                        help="构建版本：public（公开版，默认）或 internal（内部版）")
    parser.add_argument("--no-strict", action="store_true",
                        help="只有错误才算不通过（默认警告也不通过，与 mkdocs build --strict 一致）")
    args = parser.parse_args(argv)
    try:
        kb, problems = build_knowledge_base(args.data_dir, profile=args.profile, parallel=True,
                                            derive=False)  # derived fields are for pages, not checks
    except (RecursionError, MemoryError) as exc:
        print(f"检查未完成：数据太复杂，无法处理（{type(exc).__name__}）。请检查最近修改的文件，"
              "特别是很深的嵌套、层层套用的锚点和别名。", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not look like a user error, nor show a traceback
        print(f"检查程序内部出错（{type(exc).__name__}: {exc}）。这不是数据的问题，请把这条消息报告给维护者。",
              file=sys.stderr)
        return 2
    if problems.items:
        print(problems.report())
    counts = {}
    for entry in kb.entries.values():
        counts[entry.kind.label] = counts.get(entry.kind.label, 0) + 1
    summary = "，".join(f"{label} {n}" for label, n in counts.items())
    if problems.errors or (problems.warnings and not args.no_strict):
        print(f"检查未通过：{len(problems.errors)} 个错误，{len(problems.warnings)} 个警告。", file=sys.stderr)
        return 1
    print(f"检查通过：{summary}。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
