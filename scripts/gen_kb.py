#!/usr/bin/env python3
"""Generate a synthetic knowledge base of N entries for benchmarks (deterministic).

    python3 scripts/gen_kb.py N OUTDIR [--seed 7] [--baseline]

OUTDIR becomes a complete project: mkdocs.yml and docs/ as in this repository,
data/ with N entries across every kind. Text is recombined from the sentences
of the bundled data, so lengths, characters and vocabulary are realistic;
references follow the bundled proportions (each measure has a lead unit,
partners, policies and targets; cases, Q&A and modules link to measures; courses
are made of modules). The same N and seed always give the same files.

With --baseline, OUTDIR/baseline/ also receives the same pages written out as
ordinary Markdown files and a plain MkDocs + Material configuration (no policykb
plugin), so a benchmark can compare the two builds.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

SHARE = {"measure": 0.40, "qa": 0.28, "case": 0.12, "module": 0.06, "unit": 0.05, "policy": 0.04,
         "glossary": 0.03, "course": 0.01, "theme": 0.01}
TOWNS = "东山 西河 南岭 北坡 青石 白沙 红岩 金溪 银湖 桃源 梅林 竹园 松涛 柳塘 杏花 荷塘 枫桥 石门 新村 龙泉".split()
LEVELS = ["县级", "乡镇", "村级"]


class Corpus:
    """Sentences, titles and questions of the bundled data, to recombine."""

    def __init__(self, data_dir: Path):
        from policykb.core import build_knowledge_base
        kb, _ = build_knowledge_base(data_dir)
        self.sentences: list[str] = []
        self.titles: dict[str, list[str]] = {}
        for entry in kb.entries.values():
            self.titles.setdefault(entry.kind.name, []).append(entry.title)
            for value in entry.data.values():
                if isinstance(value, str) and len(value) > 30:
                    for s in re.split(r"(?<=[。；！？])", value):
                        s = re.sub(r"\[\[[^\]]*\]\]|[#*>|`\[\]]", "", s).strip(" -\n")
                        if 12 <= len(s) <= 160 and "\n" not in s:
                            self.sentences.append(s)
        self.sentences.sort()
        for titles in self.titles.values():
            titles.sort()

    def text(self, rng: random.Random, low: int, high: int) -> str:
        target = rng.randint(low, high)
        out = ""
        while len(out) < target:
            out += rng.choice(self.sentences)
        return out

    def markdown(self, rng: random.Random, low: int, high: int) -> str:
        items = []
        total, target = 0, rng.randint(low, high)
        while total < target:
            s = rng.choice(self.sentences)
            items.append(f"- {s}")
            total += len(s)
        return "\n".join(items) + "\n"

    def title(self, rng: random.Random, kind: str, n: int) -> str:
        base = rng.choice(self.titles.get(kind) or self.titles["measure"])
        return f"{TOWNS[n % len(TOWNS)]}{base}（{n}）" if kind != "qa" else f"{TOWNS[n % len(TOWNS)]}：{base}"


MAX_THEMES = 12  # as many themes as the bundled data: themes follow programmes, not the number of entries


def counts(n: int) -> dict[str, int]:
    out = {kind: max(1, round(n * share)) for kind, share in SHARE.items()}
    out["theme"] = MAX_THEMES
    out["measure"] += n - sum(out.values())
    return out


def generate(n: int, seed: int, corpus: Corpus) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    c = counts(n)
    ids = {kind: [f"g{kind[:2]}-{i:05d}" for i in range(c[kind])] for kind in c}
    themes = [{"id": ids["theme"][i], "name": f"{TOWNS[i % 20]}治理专题{i}", "summary": corpus.text(rng, 40, 80),
               "order": i, "source": {"doc": "generated", "article": "主题"}} for i in range(c["theme"])]
    for i, theme in enumerate(themes[1:], start=1):
        if i % 4:
            theme["parent"] = ids["theme"][(i // 4) * 4]

    def some(kind: str, low: int, high: int) -> list[str]:
        return sorted(set(rng.choice(ids[kind]) for _ in range(rng.randint(low, high))))

    def theme_ids() -> list[str]:
        return some("theme", 1, 2)

    src = {"doc": "generated", "article": "合成数据"}
    units = [{"id": u, "name": f"{TOWNS[i % 20]}{rng.choice(corpus.titles['unit'])}{i}",
              "summary": corpus.text(rng, 20, 60), "level": LEVELS[i % 3], "source": src}
             for i, u in enumerate(ids["unit"])]
    policies = [{"id": p, "title": f"《{rng.choice(corpus.titles['policy']).strip('《》')}》（{i}）",
                 "number": f"综治〔{2010 + i % 12}〕{i + 1}号", "date": f"{2010 + i % 12}-{1 + i % 12:02d}-15",
                 "level": "县级", "summary": corpus.text(rng, 30, 80), "source": src}
                for i, p in enumerate(ids["policy"])]
    measures = []
    for i, m in enumerate(ids["measure"]):
        measure = {"id": m, "title": corpus.title(rng, "measure", i), "themes": theme_ids(),
                   "summary": corpus.text(rng, 50, 120), "lead": some("unit", 1, 1), "partners": some("unit", 1, 4),
                   "deadline": f"{2019 + i % 4}-{1 + i % 12:02d}", "basis": some("policy", 0, 2),
                   "body": corpus.markdown(rng, 250, 700),
                   "targets": [{"what": f"指标{j + 1}", "value": rng.randint(50, 100), "unit": "%",
                                "by": str(2020 + j)} for j in range(rng.randint(0, 2))],
                   "source": src}
        if i and rng.random() < 0.3:
            measure["related"] = [f"measure:{ids['measure'][rng.randrange(i)]}"]
        measures.append({k: v for k, v in measure.items() if v not in ([], None)})
    cases = [{"id": x, "title": corpus.title(rng, "case", i), "themes": theme_ids(),
              "summary": corpus.text(rng, 50, 120),
              "year": 2012 + i % 10, "place": {"county": f"{TOWNS[i % 20]}县"}, "measures": some("measure", 1, 3),
              "practice": corpus.markdown(rng, 300, 800), "results": corpus.markdown(rng, 80, 200),
              "lessons": corpus.markdown(rng, 60, 150), "source": src} for i, x in enumerate(ids["case"])]
    qa = [{"id": q, "question": corpus.title(rng, "qa", i), "themes": theme_ids(),
           "answer": corpus.markdown(rng, 150, 450), "basis": some("policy", 0, 1),
           "related": [f"measure:{m}" for m in some("measure", 1, 2)] + [f"case:{x}" for x in some("case", 0, 1)],
           "source": src} for i, q in enumerate(ids["qa"])]
    modules = [{"id": x, "title": corpus.title(rng, "module", i), "themes": theme_ids(),
                "summary": corpus.text(rng, 40, 90),
                "audience": ["镇村干部", "网格员"][: 1 + i % 2], "hours": 2 + i % 4,
                "objectives": [corpus.text(rng, 20, 40) for _ in range(2)],
                "outline": [corpus.text(rng, 15, 40) for _ in range(3)], "methods": ["讲授", "案例研讨"],
                "readings": [f"measure:{m}" for m in some("measure", 2, 4)] + [f"case:{c}" for c in some("case", 1, 2)]
                + [f"qa:{q}" for q in some("qa", 1, 2)],
                "exercises": [corpus.text(rng, 20, 50)], "source": src} for i, x in enumerate(ids["module"])]
    courses = [{"id": x, "title": f"{TOWNS[i % 20]}基层干部培训班（{i}）", "themes": theme_ids(),
                "audience": ["镇村干部"], "required": some("module", 3, 6), "assessment": ["结业测验"], "source": src}
               for i, x in enumerate(ids["course"])]
    glossary = [{"id": g, "term": f"{rng.choice(corpus.titles['glossary'])}{TOWNS[i % 20]}{i}",
                 "definition": corpus.text(rng, 30, 80)[:190], "source": src} for i, g in enumerate(ids["glossary"])]
    for entry in policies + units + glossary:
        entry["themes"] = theme_ids()
    return {"themes": themes, "units": units, "policies": policies, "measures": measures, "cases": cases,
            "qa": qa, "modules": modules, "courses": courses, "glossary": glossary}


def write_data(data: dict[str, list[dict]], data_dir: Path, per_file: int = 500) -> None:
    """Entries in files of at most `per_file`, as authors would split them."""
    for plural, items in data.items():
        for start in range(0, len(items), per_file):
            path = data_dir / plural / f"{plural}-{start // per_file:03d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump({plural: items[start:start + per_file]}, allow_unicode=True,
                                           sort_keys=False, width=1000), encoding="utf-8")


def write_project(out: Path) -> None:
    shutil.copytree(ROOT / "docs", out / "docs", dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")


BASELINE_CONFIG = """site_name: 基准（纯 MkDocs + Material）
docs_dir: docs
not_in_nav: |
{not_in_nav}
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.prune, navigation.indexes, search.suggest, search.highlight]
plugins:
  - search:
      lang: zh
markdown_extensions:
  - toc:
      permalink: true
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
  - tables
  - attr_list
  - md_in_html
  - admonition
  - def_list
  - pymdownx.details
  - pymdownx.superfences
validation:
  omitted_files: info
  unrecognized_links: info
  anchors: info
nav:
{nav}
"""


def _theme_nav(kb) -> str:
    """The theme section of the nav as the plugin expands it, written out as YAML."""
    from policykb.core.render.hubs import child_themes

    def lines(theme, depth):
        pad = "  " * depth
        children = child_themes(kb, theme)
        if not children:
            return [f"{pad}- {json.dumps(theme.title, ensure_ascii=False)}: {theme.src_uri}"]
        out = [f"{pad}- {json.dumps(theme.title, ensure_ascii=False)}:", f"{pad}  - {theme.src_uri}"]
        for child in children:
            out += lines(child, depth + 1)
        return out
    out = ["  - 主题:", "    - theme/index.md"]
    for theme in child_themes(kb, None):
        out += lines(theme, 2)
    return "\n".join(out) + "\n"


def write_baseline(project: Path) -> Path:
    """The same pages as ordinary Markdown files for plain MkDocs + Material."""
    from policykb.core import build_knowledge_base
    from policykb.core.render import render_site, resolve_xrefs
    from policykb.core.render.markers import expand_markers
    from policykb.core.render.nav import not_in_nav as generated_not_in_nav

    kb, problems = build_knowledge_base(project / "data")
    if problems.errors:
        raise SystemExit(problems.report())
    base = project / "baseline"
    shutil.copytree(project / "docs", base / "docs", dirs_exist_ok=True)
    shutil.rmtree(base / "docs" / "overrides", ignore_errors=True)
    pages = render_site(kb)
    for uri, text in pages.items():
        path = base / "docs" / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for path in (base / "docs").rglob("*.md"):  # what on_page_markdown does, done once here
        uri = path.relative_to(base / "docs").as_posix()
        text = path.read_text(encoding="utf-8")
        path.write_text(resolve_xrefs(expand_markers(text, uri, kb), uri, kb), encoding="utf-8")
    nav_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n", 1)[1]
    nav_text = nav_text.replace("  - 主题: theme/index.md\n", _theme_nav(kb), 1)
    not_in_nav = "\n".join("  " + pattern for pattern in generated_not_in_nav(pages))  # as the plugin marks them
    (base / "mkdocs.yml").write_text(BASELINE_CONFIG.format(not_in_nav=not_in_nav, nav=nav_text.rstrip()),
                                     encoding="utf-8")
    return base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 N 个条目的合成知识库（用于性能测试）。")
    parser.add_argument("n", type=int, help="条目总数")
    parser.add_argument("out", help="输出目录（成为一个完整项目）")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", action="store_true", help="同时写出纯 MkDocs + Material 的对照项目 OUT/baseline/")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_project(out)
    data = generate(args.n, args.seed, Corpus(ROOT / "data"))
    shutil.rmtree(out / "data", ignore_errors=True)
    write_data(data, out / "data")
    total = sum(len(v) for v in data.values())
    print(f"已生成 {total} 个条目：" + "，".join(f"{k} {len(v)}" for k, v in data.items()))
    if args.baseline:
        write_baseline(out)
        print(f"对照项目：{out / 'baseline'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
