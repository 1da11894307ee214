#!/usr/bin/env python3
"""How long the checker takes to reject hostile or broken input (figures, no assertions).

    python3 scripts/bench_hostile.py [--repeat 3]

Each case is one file in an otherwise empty data folder, checked with the core
pipeline (what scripts/check.py and the build run first). Prints the median
time of each case and the first problem reported.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402


def cases() -> dict[str, bytes]:
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 0 else f'l{i - 1}'}"] * 9) + "]\n" for i in range(9))
    themes = "themes:\n" + "".join(f"  - id: t{i}\n    name: 主题{i}\n    summary: 第 {i} 层。\n"
                                   + (f"    parent: t{i - 1}\n" if i else "") for i in range(1000))
    unit = "units:\n  - id: u1\n    name: 县审计局\n"
    return {
        "billion laughs (9 levels of 9 aliases)": laughs.encode(),
        "self-referential alias": b"units:\n  - &u [*u]\n",
        "1,000 nested flow lists": ("units:\n  - id: u1\n    aliases: " + "[" * 1000 + "]" * 1000 + "\n").encode(),
        "100,000 nested flow lists on one line": ("x: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
        "100,000 nested flow lists, one per line": ("x:\n" + " [\n" * 100_000 + " ]\n" * 100_000).encode(),
        "1,000 nested block lists": ("units:\n" + "".join("  " * i + "- \n" for i in range(1, 1000))).encode(),
        "1,000 nested themes (parent chain)": themes.encode(),
        "UTF-16 without BOM": unit.encode("utf-16-le"),
        "NUL bytes": b"units:\n  - id: u1\n    name: a\x00b\n",
        "control characters (escaped)": b"units:\n  - id: u1\n    name: \"a\\e[31mb\"\n",
        "lone surrogate (escaped)": b"units:\n  - id: u1\n    name: \"a\\ud800\"\n",
        "one 19 MB value": b"units:\n  - id: u1\n    name: " + b"x" * (19 * 1024 * 1024) + b"\n",
        "50 MB file": b"units:\n  - id: u1\n    name: " + b"x" * (50 * 1024 * 1024) + b"\n",
        "200,000 aliases of a scalar, one per line": (b"a: &a x\nb:\n" + b"  - *a\n" * 200_000),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="恶意或损坏输入的检查耗时。")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'case':48} {'median s':>9}  first problem")
    for name, content in cases().items():
        times, first = [], ""
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            (data / "bad.yaml").write_bytes(content)
            for _ in range(args.repeat):
                start = time.perf_counter()
                _, problems = build_knowledge_base(data, derive=False)
                times.append(time.perf_counter() - start)
            errors = problems.sorted()
            first = errors[0].format().splitlines()[0][:70] if errors else "（没有问题）"
        print(f"{name:48} {statistics.median(times):9.3f}  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
