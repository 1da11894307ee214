#!/usr/bin/env python3
"""Import a plan document (实施方案/工作方案: .docx, .doc, .wps, .txt, .md) as draft entries.

Usage: python3 scripts/import_doc.py PLAN.docx --theme zhenyu --out data/草稿/plan.yaml [--prefix ldz] [--force]

Writes one `policy`, a `measure` per task item or phase and a `unit` per unit
name not found in data/, all marked `status: draft` (never published), and
prints a review report. Nothing is written when anything is wrong.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))


def _ensure_environment() -> None:
    """python-docx, pypinyin and jieba live in the project's .venv: use it when run with the system Python."""
    try:
        # Imported only to test that they can be imported in this interpreter (the importer uses them later).
        import docx  # noqa: F401
        import jieba  # noqa: F401
        import pypinyin  # noqa: F401
        return
    except ImportError:
        pass
    venv = ROOT / ".venv" / "bin" / "python"
    if venv.is_file() and Path(sys.executable).resolve() != venv.resolve() and not os.environ.get("POLICYKB_REEXEC"):
        os.environ["POLICYKB_REEXEC"] = "1"
        os.execv(str(venv), [str(venv), *sys.argv])
    print("错误：导入需要 python-docx、pypinyin 和 jieba。先运行一次 scripts/build.sh（会创建 .venv 并安装），"
          "再用 .venv/bin/python scripts/import_doc.py …", file=sys.stderr)
    sys.exit(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="把 Word/WPS/文本格式的实施方案、工作方案导入为待审核草稿（status: draft，构建时不发布）。",
        epilog="例：python3 scripts/import_doc.py 六都寨镇实施方案.docx --theme zhenyu --out data/草稿/liuduzhai.yaml")
    parser.add_argument("document", help="方案文件：.docx、.doc、.wps（需要 LibreOffice）、.txt 或 .md")
    parser.add_argument("--out", required=True, help="写入的 YAML 文件，建议放在 data/草稿/ 下")
    parser.add_argument("--theme", required=True, help="这些条目所属的主题 id（见 data/themes.yaml），例如 zhenyu")
    parser.add_argument("--prefix", default="", help="条目 id 的前缀（拼音或字母），默认取自文件名的拼音")
    parser.add_argument("--data", default=str(ROOT / "data"),
                        help="已有数据目录，用来匹配单位、避免 id 重复（默认 data/）")
    parser.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    args = parser.parse_args(argv)
    _ensure_environment()

    from policykb.core.exchange.docimport.emit import to_yaml
    from policykb.core.exchange.docimport.review import import_plan, report
    from policykb.core.lang.pinyin import slug
    from policykb.core.model.fields import ID_RE
    from policykb.core.model.problems import Problems

    document, out = Path(args.document), Path(args.out)
    problems = Problems(root=Path.cwd())
    if out.exists() and not args.force:
        problems.error(out, 0, "输出文件已存在，没有覆盖。", "换一个文件名，或加 --force 覆盖。")
    if out.suffix.lower() not in (".yaml", ".yml"):
        problems.error(out, 0, "输出文件应以 .yaml 结尾。", "例如 --out data/草稿/方案名.yaml")
    prefix = args.prefix or slug(document.stem, max_length=16)
    if not ID_RE.match(prefix) or len(prefix) > 24:
        problems.error(document, 0, f"id 前缀 `{prefix}` 不合法。",
                       "只用小写字母、数字和连字符，最长 24 个字符，例如 --prefix liuduzhai。")
        prefix = ""
    imported = import_plan(document, Path(args.data), args.theme, prefix, problems) if prefix else None
    if imported is not None:
        print(report(imported))
    if problems.errors:
        print(problems.report())
        print("没有写入任何条目。", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(to_yaml(imported.drafts, document.name), encoding="utf-8")
    tmp.replace(out)
    d = imported.drafts
    print(f"已写入 {out}：政策文件 {len([d.policy] if d.policy else [])} 条、工作措施 {len(d.measures)} 条、"
          f"单位 {len(d.units)} 条，均为待审核草稿。"
          f"运行 python3 scripts/check.py 查看审核清单。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
