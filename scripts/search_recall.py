#!/usr/bin/env python3
"""Search recall benchmark: Material's default search against policykb's, same site, same run.

    .venv/bin/python scripts/search_recall.py [--queries tests/search/queries.yaml] [--write-docs]

Builds the site twice (policykb search on, and off = Material's built-in
search with jieba), serves each on 127.0.0.1, types every query into the
search box of a real headless Chromium and scores recall@10: the share of a
query's expected pages among the first ten results. Prints a table per
query type; --write-docs puts it into docs/search.md between its markers.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _localserver import serve  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TYPES = {"word": "词语", "phrase": "多词短语", "subword": "词内子串", "pinyin": "全拼",
         "initials": "首字母", "typo": "错别字/同音字", "paste": "粘贴输入"}


def build(project: Path, out: Path, search_on: bool) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if not search_on:
        config = config.replace("  - policykb:\n", "  - policykb:\n      search: false\n", 1)
    cfg = project / f".recall-{'on' if search_on else 'off'}.yml"
    cfg.write_text(config, encoding="utf-8")
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg), "-d", str(out)],
                       cwd=project, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        cfg.unlink()


def results(page, query: str, paste: bool) -> list[str]:
    box = page.locator("input.md-search__input")
    if box.is_hidden():
        page.locator("label.md-header__button[for=__search]").first.click()
    box.fill("")
    if paste:
        box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new InputEvent('input', {bubbles: true})) }", query)
    else:  # typed: Chinese comes from an input method, so end with a real key-up like a person would
        box.type(query, delay=5)
        box.press("End")
    deadline = time.time() + 4
    last = None
    while time.time() < deadline:  # wait until the result list stops changing
        page.wait_for_timeout(120)
        now = page.locator(".md-search-result__meta").inner_text() + "|" + "|".join(
            page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)"))
        if now == last and "键入" not in now:
            break
        last = now
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [re.sub(r"^https?://[^/]+/|[?#].*$", "", h) for h in hrefs]


def score(base: str, queries: list[dict], browser) -> dict[str, list[float]]:
    page = browser.new_page()
    page.goto(base)
    page.wait_for_load_state("networkidle")
    scores: dict[str, list[float]] = defaultdict(list)
    for q in queries:
        got = results(page, q["q"], q.get("type") == "paste")[:10]
        expect = q["expect"]
        recall = sum(1 for e in expect if e in got) / len(expect)
        scores[q["type"]].append(recall)
        q.setdefault("got", {})[base] = got
    page.close()
    return scores


def table(ours: dict, material: dict, count: dict) -> str:
    rows = ["| 查询类型 | 查询数 | Material 默认搜索 recall@10 | 本站搜索 recall@10 |", "|---|---:|---:|---:|"]
    for t in [t for t in TYPES if t in count]:
        m, o = sum(material[t]) / len(material[t]), sum(ours[t]) / len(ours[t])
        rows.append(f"| {TYPES[t]} | {count[t]} | {m:.0%} | {o:.0%} |")
    allm = [x for v in material.values() for x in v]
    allo = [x for v in ours.values() for x in v]
    rows.append(f"| **全部** | {len(allo)} | **{sum(allm) / len(allm):.0%}** | **{sum(allo) / len(allo):.0%}** |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=str(ROOT / "tests" / "search" / "queries.yaml"))
    parser.add_argument("--project", default=str(ROOT), type=lambda p: str(Path(p).resolve()))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    queries = yaml.safe_load(Path(args.queries).read_text(encoding="utf-8"))["queries"]
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        on, off = Path(tmp) / "on", Path(tmp) / "off"
        build(Path(args.project), on, True)
        build(Path(args.project), off, False)
        base_on, s1 = serve(on)
        base_off, s2 = serve(off)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            ours = score(base_on, queries, browser)
            material = score(base_off, queries, browser)
            browser.close()
        s1.shutdown()
        s2.shutdown()
    count = {t: len(v) for t, v in ours.items()}
    text = table(ours, material, count)
    print(text)
    if args.show_misses:
        for q in queries:
            got = q["got"][base_on]
            missing = [e for e in q["expect"] if e not in got]
            if missing:
                print(f"本站未找到 {q['q']!r}: {missing} 得到 {got[:5]}")
    if args.write_docs:
        doc = ROOT / "docs" / "search.md"
        body = doc.read_text(encoding="utf-8")
        new = re.sub(r"(<!-- recall:start -->\n).*?(\n<!-- recall:end -->)", lambda m: m.group(1) + text + m.group(2),
                     body, flags=re.S)
        doc.write_text(new, encoding="utf-8")
        print(f"已写入 {doc.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
