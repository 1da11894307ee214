#!/usr/bin/env python3
"""Benchmark of the plan importer: recall and precision of task items, units and deadlines.

Usage: .venv/bin/python scripts/bench_import.py [--seeds DIR] [--format docx|txt]

Each article of tests/fixtures/import_doc/expected.yaml (hand-checked) is cut from its seed
document, written as a real .docx with python-docx (one paragraph per line, text as scraped),
imported against data/, and compared with the expectations.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
EXPECTED = ROOT / "tests" / "fixtures" / "import_doc" / "expected.yaml"


def find_seeds() -> Path | None:
    candidates = [os.environ.get("POLICYKB_SEEDS", ""), ROOT.parent / "shared" / "seeds",
                  ROOT.parent.parent / "shared" / "seeds"]
    return next((Path(c) for c in candidates if c and (Path(c) / "MAP.md").is_file()), None)


def load_expected() -> list[dict]:
    import yaml
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["articles"]


def article_lines(seeds: Path, article: dict) -> list[str]:
    first, last = article["lines"]
    text = (seeds / article["seed"]).read_text(encoding="utf-8").splitlines()
    return text[first - 1:last]


def write_docx(lines: list[str], path: Path) -> Path:
    import docx
    document = docx.Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_source(lines: list[str], path: Path) -> Path:
    """The article as .docx or .txt (by the path's suffix)."""
    if path.suffix == ".docx":
        return write_docx(lines, path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def key_of(item) -> str:
    return item.heading or item.text


def pair_items(expected: list[dict], items: list) -> list[tuple[dict | None, object | None]]:
    """Expected items with the found item whose line starts the same way (one to one)."""
    left = list(items)
    pairs = []
    for exp in expected:
        found = next((i for i in left if key_of(i).startswith(exp["start"])), None)
        if found is not None:
            left.remove(found)
        pairs.append((exp, found))
    pairs.extend((None, i) for i in left)
    return pairs


def _roles(lead: list[str], names: list[str]) -> set[tuple[str, str]]:
    """(name, 牵头|责任) pairs: a unit counts as right only in the role the document gives it."""
    return {(n, "牵头" if n in lead else "责任") for n in names}


def _deadline(value) -> str:
    return "" if value is None else str(value)


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    right: int = 0

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.right += other.right

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def score(article: dict, items: list) -> dict[str, Score]:
    pairs = pair_items(article["items"], items)
    tasks, units, deadlines = Score(), Score(), Score()
    for exp, found in pairs:
        tasks.expected += exp is not None
        tasks.found += found is not None
        tasks.right += exp is not None and found is not None
        exp_units = _roles(exp.get("lead", []), exp.get("units", [])) if exp else set()
        got_units = _roles(found.annotation.lead, found.annotation.lead + found.annotation.partners) if found else set()
        units.expected += len(exp_units)
        units.found += len(got_units)
        units.right += len(exp_units & got_units)
        exp_dl = _deadline(exp.get("deadline")) if exp else ""
        got_dl = found.deadline.value if found else ""
        deadlines.expected += bool(exp_dl)
        deadlines.found += bool(got_dl)
        deadlines.right += bool(exp_dl) and exp_dl == got_dl
    return {"任务条目": tasks, "单位": units, "完成时限": deadlines}


def import_article(seeds: Path, article: dict, workdir: Path, suffix: str = ".docx"):
    from policykb.core.exchange.docimport.review import import_plan
    from policykb.core.model.problems import Problems
    source = write_source(article_lines(seeds, article), workdir / f"plan{suffix}")
    problems = Problems()
    imported = import_plan(source, ROOT / "data", "zhenyu-zhili", "bench", problems)
    if imported is None:
        raise SystemExit(problems.report())
    return imported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="方案导入基准：任务条目、单位、时限的召回率和准确率。")
    parser.add_argument("--seeds", help="种子文件目录（默认 ../shared/seeds）")
    parser.add_argument("--format", choices=("docx", "txt"), default="docx", help="喂给导入程序的文件格式")
    args = parser.parse_args(argv)
    seeds = Path(args.seeds) if args.seeds else find_seeds()
    if seeds is None:
        print("找不到种子文件目录，用 --seeds 指定。", file=sys.stderr)
        return 2
    totals = {k: Score() for k in ("任务条目", "单位", "完成时限")}
    print(f"{'文章':<28}{'指标':<8}{'应有':>5}{'识别':>5}{'正确':>5}{'召回率':>8}{'准确率':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for article in load_expected():
            imported = import_article(seeds, article, Path(tmp), "." + args.format)
            for name, s in score(article, imported.plan.items).items():
                totals[name].add(s)
                print(f"{article['name']:<28}{name:<8}{s.expected:>5}{s.found:>5}{s.right:>5}"
                      f"{s.recall:>8.1%}{s.precision:>8.1%}")
    for name, s in totals.items():
        print(f"{'合计':<28}{name:<8}{s.expected:>5}{s.found:>5}{s.right:>5}{s.recall:>8.1%}{s.precision:>8.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
