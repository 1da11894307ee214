"""scripts/build_parallel.py: a full build in N MkDocs processes gives the same bytes as one process."""
from __future__ import annotations

import os
import subprocess
import sys

import build_parallel
import pytest
from conftest import FIXTURE, ROOT, check, write
from policykb.core.render import render_site
from policykb.core.search import SearchDoc
from policykb.core.site.shards import SHARD_FILE, Shard, ShardRecord, entry_shares


def run_parallel(jobs: int, site, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_parallel.py"), "--jobs", str(jobs),
                           "-d", str(site), *args], capture_output=True, text=True, env=env, timeout=900)


def test_two_processes_build_the_bundled_site_byte_for_byte(built_bundled, tmp_path):
    site = tmp_path / "site"
    result = run_parallel(2, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / SHARD_FILE).exists()
    assert not (tmp_path / ".site.shards").exists()
    assert len(list(site.rglob("*.html"))) > 600
    assert build_parallel.tree_differences(built_bundled, site) == []


def test_shards_split_the_generated_pages_without_gaps_or_overlap():
    kb, _ = check(FIXTURE / "data")
    generated = sorted(render_site(kb)) + ["exports/measures.csv", "assets/policykb/kb.css"]
    slices = [Shard(i, 3).pages(kb, generated) for i in range(3)]
    assert set().union(*slices) == set(generated)
    assert sum(len(s) for s in slices) == len(generated)
    entry_pages = {e.src_uri for e in kb.entries.values() if e.kind.name != "theme"}
    # shard 0 also writes every other page and the exports: it takes a smaller share of the entry pages
    assert abs(len(slices[1] & entry_pages) - len(slices[2] & entry_pages)) <= 1
    assert len(slices[0] & entry_pages) < len(slices[1] & entry_pages)
    two = [Shard(i, 2).pages(kb, generated) & entry_pages for i in range(2)]
    assert 0 < len(two[0]) < len(two[1]) and two[0] | two[1] == entry_pages
    assert entry_shares(1) == [1.0] and entry_shares(2) == [0.375, 0.625] and entry_shares(5)[0] == 0
    assert {"measure/index.md", "theme/index.md", "exports/measures.csv"} <= slices[0]
    assert Shard.parse(" 1/2 ") == Shard(1, 2)
    for bad in ("2/2", "x", "1", ""):
        with pytest.raises(ValueError, match="i/N"):
            Shard.parse(bad)


def test_a_wrong_shard_setting_is_a_clear_error(kb_dir):
    env = dict(os.environ, POLICYKB_SHARD="3/2", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=kb_dir, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode != 0
    assert "POLICYKB_SHARD" in result.stderr and "0 ≤ i < N" in result.stderr
    assert "Traceback" not in result.stderr


def shard_folder(path, pages: dict[str, str], record_pages: list[str]):
    for name, text in pages.items():
        write(path / name, text)
    doc = SearchDoc("index.html", "首页", "", "正文")
    (path / SHARD_FILE).write_bytes(ShardRecord([doc], [], False, False, record_pages).dumps())
    return path


def test_the_merge_refuses_shards_that_disagree_or_leave_gaps(tmp_path):
    def shards(case: str, home_1: str, pages_1: dict[str, str]):
        a = shard_folder(tmp_path / case / "0", {"index.html": "首页", "sitemap.xml": "x"},
                         ["index.html", "a/index.html"])
        return [a, shard_folder(tmp_path / case / "1", {"index.html": home_1, **pages_1}, [])]

    with pytest.raises(build_parallel.MergeError, match="index.html 不同"):
        build_parallel.merge(shards("differ", "另一个首页", {"a/index.html": "甲"}), tmp_path / "site")
    with pytest.raises(build_parallel.MergeError, match="缺少 1 个页面，例如 a/index.html"):
        build_parallel.merge(shards("gap", "首页", {}), tmp_path / "site")
    assert not (tmp_path / "site").exists()
    record = build_parallel.merge(shards("good", "首页", {"a/index.html": "甲"}), tmp_path / "site")
    files = sorted(p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert files == ["a/index.html", "index.html", "sitemap.xml"]
    assert [d.location for d in record.docs] == ["index.html"]  # a page indexed by both shards counts once


def test_bad_data_stops_a_parallel_build_once_and_leaves_the_site(kb_dir):
    site = kb_dir / "site"
    write(site / "index.html", "上一次发布的站点")
    write(kb_dir / "data" / "broken.yaml", """
        measures:
          - id: broken-one
            title: 没有主题的措施
    """)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_parallel.py"), "--jobs", "2",
                             "-f", str(kb_dir / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 1
    assert "broken.yaml" in result.stderr and "数据或配置有错误" in result.stderr
    reported = [line for line in result.stderr.splitlines() if "broken.yaml:" in line]
    assert reported and len(reported) == len(set(reported))  # checked once, before any shard starts
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "上一次发布的站点"
    assert not (kb_dir / ".site.shards").exists()
