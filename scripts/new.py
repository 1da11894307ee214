#!/usr/bin/env python3
"""Print (or append to a file) the skeleton of a new entry with a fresh id.

Usage: python3 scripts/new.py KIND [--title 标题] [--theme THEME_ID] [--append FILE] [--data data]
KIND is measure, case, module, qa, course, policy, unit, glossary or theme.
Required fields are left empty for you to fill (the checker reports any left
empty); optional fields are commented out with a note on how to write them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.exchange.skeleton import append_to, skeleton, written_ids  # noqa: E402
from policykb.core.link.linker import close_ids  # noqa: E402
from policykb.core.load.loader import data_files  # noqa: E402
from policykb.core.model.kinds import KINDS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    kinds = "、".join(f"{k}（{v.label}）" for k, v in KINDS.items())
    parser = argparse.ArgumentParser(description="生成一个新条目的框架（带新的 id），打印出来或追加到文件。",
                                     epilog=f"类型：{kinds}")
    parser.add_argument("kind", help="条目类型，例如 measure")
    parser.add_argument("--title", default="", help="标题（或名称、问题、术语）；id 取它的拼音")
    parser.add_argument("--theme", default="", help="主题 id，例如 cunwu-jiandu")
    parser.add_argument("--append", metavar="FILE", help="追加到这个 YAML 文件末尾（文件不存在时新建）")
    parser.add_argument("--data", default=str(ROOT / "data"), help="数据目录（默认 data/），用来保证 id 不重复")
    args = parser.parse_args(argv)

    kind = KINDS.get(args.kind) or next((k for k in KINDS.values() if args.kind in (k.plural, k.label)), None)
    if kind is None:
        print(f"错误：没有条目类型 `{args.kind}`。可用类型：{kinds}。", file=sys.stderr)
        return 2
    kb, _ = build_knowledge_base(args.data, profile="internal", derive=False)
    if args.theme and kb.get("theme", args.theme) is None:
        close = close_ids(args.theme, [e.id for e in kb.of_kind("theme")])
        known = "、".join(sorted(e.id for e in kb.of_kind("theme")))
        print(f"错误：没有主题 `{args.theme}`。" + (f"是不是 `{close[0]}`？" if close else f"已有主题：{known}。"),
              file=sys.stderr)
        return 2
    if args.theme and "themes" not in kind.fields:
        print(f"错误：{kind.label}没有主题字段，去掉 --theme。", file=sys.stderr)
        return 2
    files = data_files(Path(args.data)) + ([Path(args.append)] if args.append else [])
    item = skeleton(kind, kb, args.title, args.theme, written_ids(files))
    if not args.append:
        print(f"{kind.plural}:\n{item}", end="")
        return 0
    path = Path(args.append)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        new = append_to(text, kind, item)
    except Exception as exc:  # the file does not parse: say so, change nothing
        print(f"错误：{path} 不是有效的 YAML（{exc.__class__.__name__}），没有修改。先运行 scripts/check.py 改正它。",
              file=sys.stderr)
        return 1
    if new is None:
        print(f"错误：{path} 中 `{kind.plural}:` 不在文件末尾，没有修改。"
              f"请把下面的内容粘贴到 `{kind.plural}:` 列表中：\n{item}",
              file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
    print(f"已追加{kind.label} `{item.split('id: ', 1)[1].splitlines()[0]}` 到 {path}。"
          "填写标有“必填”的字段后运行 scripts/check.py。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
