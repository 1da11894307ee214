#!/usr/bin/env python3
"""Scale benchmark: synthetic knowledge bases of N entries, our build against plain MkDocs + Material.

    .venv/bin/python scripts/bench.py [--sizes 1000,5000,10000] [--browser-sizes 1000,10000] [--serve 1000]
                                      [--jobs 1,2]

For each N it generates a knowledge base (scripts/gen_kb.py, fixed seed) and prints
check time, full build time and peak memory, total site size, median and maximum
HTML bytes per page, and search index bytes, for our build and for a baseline
measured in the same run: the same pages as ordinary Markdown files built by
plain MkDocs + Material (search `lang: zh`). In a real headless Chromium it
measures the time from page load to the first search result shown, and for
`--serve N` the time from saving one YAML file to the rebuilt page being served
by `mkdocs serve`. With --jobs it times full builds in 1, 2, … processes
(scripts/build_parallel.py) and says whether each output is byte-identical to the
one-process build. Prints figures only; nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from _localserver import serve  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode('utf-8', 'replace')[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def site_figures(site: Path) -> dict:
    pages = sorted(p.stat().st_size for p in site.rglob("*.html"))
    sys.path.insert(0, str(ROOT / "plugins"))
    from policykb.core.model.kinds import KINDS, THEME
    entry_dirs = [k.url_dir for k in KINDS.values() if k.name != THEME]  # theme pages are hubs, not entries
    entries = sorted(p.stat().st_size for d in entry_dirs for p in (site / d).glob("*/index.html"))
    ours = list((site / "search" / "policykb").glob("*.js"))
    material = site / "search" / "search_index.json"
    index = sum(p.stat().st_size for p in ours) if ours else (material.stat().st_size if material.exists() else 0)
    first = sum(p.stat().st_size for p in ours if p.name == "meta.js") if ours else index
    return {"size": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()), "pages": len(pages),
            "median": statistics.median(pages), "max": pages[-1], "entry_median": statistics.median(entries),
            "entry_max": entries[-1], "index": index, "index_first": first}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_result_ms(browser, site: Path, query: str) -> tuple[float, float]:
    """(load event → first result shown, navigation start → first result shown), cold cache, in ms."""
    base, server = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base, wait_until="load")
        start = page.evaluate("performance.now()")
        page.evaluate("document.querySelector('.md-search__input').focus()")
        page.keyboard.type(query)
        page.wait_for_selector(".md-search-result__item", timeout=60000)
        shown = page.evaluate("performance.now()")
        load = page.evaluate("performance.timing.loadEventEnd - performance.timing.navigationStart")
        context.close()
        return shown - start, shown - start + load
    finally:
        server.shutdown()


def median_of(runs: int, fn, *args):
    """The median of a few cold runs (a busy 2-core machine makes single runs noisy)."""
    results = sorted(fn(*args) for _ in range(runs))
    return results[len(results) // 2]


def serve_rebuild_seconds(project: Path, edits: int = 7) -> float:
    """Save one YAML file; how long until `mkdocs serve --dirty` serves the rebuilt page.

    The server is left idle for 2 s before each edit (as when an author saves a
    file while the preview runs); the median of a few edits is returned."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/measure/gme-00001/"
    path = next((project / "data" / "measures").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    times = []
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url, timeout=60).read()
                break
            except OSError:
                time.sleep(0.5)
        for n in range(edits):
            time.sleep(2)
            marker = f"基准修改标记{n}"
            start = time.perf_counter()
            path.write_text(text.replace("title: ", f"title: {marker}", 2), encoding="utf-8")
            while time.perf_counter() - start < 120:
                body = urllib.request.urlopen(url, timeout=120).read().decode("utf-8")
                if marker in body:
                    times.append(time.perf_counter() - start)
                    break
                time.sleep(0.05)
        return statistics.median(times) if times else float("nan")
    finally:
        path.write_text(text, encoding="utf-8")
        proc.terminate()
        proc.wait()


def jobs_row(n: int, jobs: int, project: Path, one_process_s: float) -> str:
    """Time of a build in `jobs` processes, compared with the one-process build in project/site."""
    from build_parallel import tree_differences
    if jobs == 1:
        return f"| {kb(n)} | 1 | {one_process_s:.1f} s | 1.00 | — |"
    site = project / f"site-j{jobs}"
    seconds, _ = timed([sys.executable, str(ROOT / "scripts" / "build_parallel.py"), "--jobs", str(jobs),
                        "--no-strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project)
    different = tree_differences(project / "site", site)
    same = "是" if not different else f"**否**（{len(different)} 个文件不同，例如 {different[0]}）"
    shutil.rmtree(site)
    return f"| {kb(n)} | {jobs} | {seconds:.1f} s | {seconds / one_process_s:.2f} | {same} |"


def kb(n: int) -> str:
    return f"{n:,}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--browser-sizes", default="1000,10000")
    parser.add_argument("--serve", type=int, default=1000, help="N for the serve test (0: skip)")
    parser.add_argument("--query", default="心理咨询")
    parser.add_argument("--no-baseline", action="store_true", help="只测本系统（调试用）")
    parser.add_argument("--jobs", default="1,2", help="进程数（scripts/build_parallel.py），逗号分隔；空：不测")
    parser.add_argument("--write-docs", action="store_true", help="把结果表写进 docs/performance.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    browser_sizes = {int(s) for s in args.browser_sizes.split(",") if s}
    python = sys.executable
    rows, search_rows, serve_row, job_rows = [], [], "", []
    jobs = [int(j) for j in args.jobs.split(",") if j]
    print(f"机器：{os.cpu_count()} 核；Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        pw = browser = None
        if browser_sizes and CHROMIUM:
            from playwright.sync_api import sync_playwright
            pw = sync_playwright().start()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for n in sizes:
            project = Path(tmp) / f"kb{n}"
            subprocess.run([python, str(ROOT / "scripts" / "gen_kb.py"), str(n), str(project), "--baseline"],
                           check=True, capture_output=True, env=ENV)
            check_s, _ = timed([python, str(ROOT / "scripts" / "check.py"), str(project / "data")], project)
            ours_s, ours_mb = timed([python, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")], project)
            if args.no_baseline:
                shutil.copytree(project / "site", project / "base-site")
                base_s, base_mb = ours_s, ours_mb
            else:
                base_s, base_mb = timed([python, "-m", "mkdocs", "build", "-q", "-d", str(project / "base-site")],
                                        project / "baseline")
            ours, base = site_figures(project / "site"), site_figures(project / "base-site")
            for label, s, mb, f in (("本系统", ours_s, ours_mb, ours), ("基准", base_s, base_mb, base)):
                check = f"{check_s:.2f} s" if label == "本系统" else "—"
                rows.append(f"| {kb(n)} | {label} | {check} | {s:.1f} s "
                            f"| {mb:.0f} MB | {f['size'] / 2**20:.0f} MB | {f['pages']:,} "
                            f"| {f['median'] / 1024:.1f} KB | {f['max'] / 1024:.0f} KB "
                            f"| {f['entry_median'] / 1024:.1f} KB | {f['entry_max'] / 1024:.1f} KB "
                            f"| {f['index'] / 2**20:.1f} MB | {f['index_first'] / 1024:.0f} KB |")
            rows.append(f"| {kb(n)} | 比值 | | {ours_s / base_s:.2f} | {ours_mb / base_mb:.2f} | | | | | | | | |")
            print("\n".join(rows[-3:]), flush=True)
            for j in jobs:
                job_rows.append(jobs_row(n, j, project, ours_s))
                print(job_rows[-1], flush=True)
            if browser is not None and n in browser_sizes:
                ours = median_of(3, first_result_ms, browser, project / "site", args.query)
                base = median_of(3, first_result_ms, browser, project / "base-site", args.query)
                search_rows.append(f"| {kb(n)} | {ours[0]:.0f} ms | {ours[1]:.0f} ms "
                                   f"| {base[0]:.0f} ms | {base[1]:.0f} ms |")
                print(search_rows[-1], flush=True)
            if n == args.serve:
                seconds = serve_rebuild_seconds(project)
                serve_row = (f"`mkdocs serve --dirty`，{kb(n)} 个条目："
                             f"保存一个 YAML 文件到改动后的页面送达浏览器 **{seconds:.1f} s**。")
                print(serve_row, flush=True)
            shutil.rmtree(project)
        if pw:
            browser.close()
            pw.stop()
    tables = ["| 条目数 | 构建 | 检查 | 构建时间 | 峰值内存 | 站点大小 | HTML 页数 | 页面中位数 | 最大页面 "
              "| 条目页中位数 | 最大条目页 | 搜索索引 | 首次加载的索引 |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *rows]
    if job_rows:
        tables += ["",
                   "并行构建（`scripts/build.sh --jobs N`：数据读取、检查和共用页面只做一次，"
                   "再分出 N 个 MkDocs 进程各写一部分页面，合并后写一次搜索索引）：",
                   "",
                   "| 条目数 | 进程数 | 构建时间 | 与 1 个进程之比 | 与 1 个进程的输出逐字节相同 |",
                   "|---:|---:|---:|---:|---|", *job_rows]
    if search_rows:
        tables += ["", f"首次搜索（查询“{args.query}”，无缓存，3 次取中位数）：",
                   "", "| 条目数 | 本系统：页面加载完成 → 第一条结果 | 本系统：开始打开页面 → 第一条结果 "
                   "| 基准：页面加载完成 → 第一条结果 | 基准：开始打开页面 → 第一条结果 |",
                   "|---:|---:|---:|---:|---:|",
                   *search_rows]
    if serve_row:
        tables += ["", serve_row]
    text = "\n".join(tables)
    print("\n" + text)
    if args.write_docs:
        doc = ROOT / "docs" / "performance.md"
        page = doc.read_text(encoding="utf-8")
        head, rest = page.split("<!-- bench:start -->", 1)
        _, tail = rest.split("<!-- bench:end -->", 1)
        stamp = (f"测量环境：{os.cpu_count()} 核，Python {sys.version.split()[0]}；"
                 "命令：`.venv/bin/python scripts/bench.py --write-docs`")
        doc.write_text(f"{head}<!-- bench:start -->\n{stamp}\n\n{text}\n<!-- bench:end -->{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
