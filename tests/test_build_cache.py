"""scripts/build_cached.py (`scripts/build.sh --cache DIR`): a build that starts from the last one's output
converts only what changed, and its site is byte-identical to a clean full build of the same data."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_parallel import tree_differences
from conftest import FIXTURE, ROOT, check, run_mkdocs
from policykb.core.exchange import exportcache
from policykb.core.site.sitesource import export_files

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONIOENCODING="utf-8")
ENTRY = "data/cunwu/measures-wenfu.yaml"   # of the bundled data
NEW_MEASURE = """
  - id: cw-huancun-ceshi
    title: 每月公布一次村务监督委员会的工作记录
    themes: [cunwu-jiandu]
    summary: 工作记录张贴在村务公开栏，接受村民查阅。
    lead: [cun-dangzhibu]
    body: 记录写明监督事项、发现的问题和处理结果。
    source: {doc: 001_6e60e1604540f7ac.txt, article: 第二篇}
"""


def cached_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    """A build in its own process (as in CI), with the cache folder project/.cache."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_cached.py"), "--cache",
                           str(project / ".cache"), "-f", str(project / "mkdocs.yml"), *args],
                          cwd=project, capture_output=True, text=True, env=ENV, timeout=900)


def assert_same_as_full_build(project: Path) -> None:
    """project/site (the cached build's copy) against a clean `mkdocs build --strict` of the same project."""
    full = project.parent / "full"
    shutil.rmtree(full, ignore_errors=True)
    result = run_mkdocs(project, "--strict", "-d", str(full))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(full, project / "site") == []
    assert tree_differences(full, project / ".cache" / "site") == []


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def project_of(source: Path, dest: Path, parts=("mkdocs.yml", "docs", "data")) -> Path:
    dest.mkdir(parents=True)
    for part in parts:
        (shutil.copytree if (source / part).is_dir() else shutil.copy)(source / part, dest / part)
    return dest


@pytest.fixture
def bundled(tmp_path) -> Path:
    return project_of(ROOT, tmp_path / "kb")


@pytest.fixture
def fixture_kb(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    return tmp_path / "kb"


def test_a_one_entry_edit_rebuilds_what_changed_and_gives_the_full_builds_bytes(bundled):
    log = ok(cached_build(bundled))
    assert "没有上次成功构建的记录，完整构建" in log
    assert (bundled / ".cache" / "state.pickle").is_file()
    page = bundled / ".cache" / "site" / "measure" / "cw-wenfu-quanli-qingdan" / "index.html"
    untouched = bundled / ".cache" / "site" / "qa" / "index.html"
    before = untouched.stat().st_mtime_ns
    edit(bundled / ENTRY, "title: 梳理村级权力清单并绘制权力运行流程图", "title: 梳理村级权力清单并绘制权力运行图")
    edit(bundled / ENTRY, "清单和流程图就是村务监督委员会", "清单和流程图正是村务监督委员会")
    log = ok(cached_build(bundled))
    assert "完整构建" not in log
    assert "梳理村级权力清单并绘制权力运行图" in page.read_text(encoding="utf-8")
    assert "清单和流程图正是" in page.read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before  # not converted nor written again
    assert_same_as_full_build(bundled)


def test_added_and_deleted_entries(fixture_kb):
    data = fixture_kb / "data" / "cunwu.yaml"
    original = data.read_text(encoding="utf-8")
    ok(cached_build(fixture_kb))
    edit(data, "cases:\n", NEW_MEASURE.lstrip("\n") + "cases:\n")
    ok(cached_build(fixture_kb))
    page = fixture_kb / ".cache" / "site" / "measure" / "cw-huancun-ceshi" / "index.html"
    assert "每月公布一次村务监督委员会的工作记录" in page.read_text(encoding="utf-8")
    assert_same_as_full_build(fixture_kb)
    data.write_text(original, encoding="utf-8")
    ahead = time.time() + 86400   # a CI cache restored from a machine whose clock runs a day ahead
    for path in (fixture_kb / ".cache" / "site").rglob("*"):
        os.utime(path, (ahead, ahead))
    log = ok(cached_build(fixture_kb))
    assert "删除了" in log
    assert not page.parent.exists()
    assert_same_as_full_build(fixture_kb)


@pytest.mark.parametrize("path, old, new", [
    ("data/themes.yaml", "name: 自治", "name: 村民自治"),   # in the nav of every page
    ("data/glossary.yaml", "definition: 由村民会议", "definition: 由村民大会"),   # marked in every entry page
])
def test_an_edit_that_reaches_every_page_rebuilds_every_page(fixture_kb, path, old, new):
    ok(cached_build(fixture_kb))
    edit(fixture_kb / path, old, new)
    assert "主题或术语有变化，重建全部页面" in ok(cached_build(fixture_kb))
    assert_same_as_full_build(fixture_kb)


def test_site_wide_files_and_an_unreadable_state_mean_a_full_build(fixture_kb):
    ok(cached_build(fixture_kb))
    edit(fixture_kb / "docs" / "index.md", "\n", "\n\n手写页面的新段落。\n")
    assert "mkdocs.yml、docs/、插件或所装软件包有变化，完整构建" in ok(cached_build(fixture_kb))
    assert_same_as_full_build(fixture_kb)
    (fixture_kb / ".cache" / "state.pickle").write_bytes(b"\x80\x05not a pickle")
    (fixture_kb / ".cache" / "site" / "stale.html").write_text("上次留下的", encoding="utf-8")
    assert "构建缓存的记录无法读取" in ok(cached_build(fixture_kb))
    assert_same_as_full_build(fixture_kb)


def test_a_failed_build_keeps_no_state_that_claims_a_complete_site(fixture_kb):
    ok(cached_build(fixture_kb))
    state = fixture_kb / ".cache" / "state.pickle"
    data = fixture_kb / "data" / "cunwu.yaml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("title: 选举产生村务监督委员会", "title: [选举产生", 1), encoding="utf-8")
    result = cached_build(fixture_kb)
    assert result.returncode == 1 and "构建失败" in result.stderr
    # it failed before writing: the site folder is the last build's, which the state still describes
    data.write_text(good.replace("选举产生村务监督委员会", "差额选举村务监督委员会"), encoding="utf-8")
    ok(cached_build(fixture_kb))
    assert_same_as_full_build(fixture_kb)
    # a failure after writing started (a broken link in --strict): no state is left
    (fixture_kb / "docs" / "broken.md").write_text("# 坏链接\n\n[去](nowhere.md)\n", encoding="utf-8")
    result = cached_build(fixture_kb)
    assert result.returncode == 1 and "nowhere.md" in result.stderr
    assert not state.exists()
    (fixture_kb / "docs" / "broken.md").unlink()
    assert "没有上次成功构建的记录" in ok(cached_build(fixture_kb))
    assert_same_as_full_build(fixture_kb)


def test_the_cache_folder_must_hold_the_output(fixture_kb):
    env = dict(ENV, POLICYKB_CACHE=str(fixture_kb / ".cache"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "-d", str(fixture_kb / "out")],
                            cwd=fixture_kb, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode != 0 and "输出目录必须是" in result.stderr
    result = cached_build(fixture_kb, "-d", str(fixture_kb / ".cache" / "site" / "x"))
    assert result.returncode == 1 and "不能放在缓存" in result.stderr
    result = cached_build(fixture_kb, "-d", str(fixture_kb))
    assert result.returncode == 1 and "不能放在站点目录" in result.stderr


def test_a_generated_knowledge_base_of_500_entries(tmp_path):
    project = tmp_path / "kb"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_kb.py"), "500", str(project)], check=True,
                   capture_output=True, env=ENV, timeout=300)
    ok(cached_build(project, "--no-strict"))
    data = project / "data" / "measures" / "measures-000.yaml"
    text = data.read_text(encoding="utf-8")
    start = text.index("  title: ") + len("  title: ")
    data.write_text(text[:start] + "改过的标题" + text[start:], encoding="utf-8")
    assert "完整构建" not in ok(cached_build(project, "--no-strict"))
    full = tmp_path / "full"
    result = run_mkdocs(project, "-d", str(full))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(full, project / "site") == []


def git(cwd: Path, *args: str, date: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_publish_with_a_cache_in_a_git_checkout_as_in_ci(fixture_kb, tmp_path):
    """Each commit published from the cache of the last run: update dates come from git, as in a full build."""
    live, cache = tmp_path / "www" / "kb", tmp_path / "ci-cache"

    def publish() -> None:
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "publish.py"), "--live", str(live),
                                 "--project", str(fixture_kb), "--cache", str(cache)],
                                capture_output=True, text=True, env=ENV, timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr

    git(fixture_kb, "init", "-q", date="2024-03-01T10:00:00+00:00")
    git(fixture_kb, "add", "-A", date="2024-03-01T10:00:00+00:00")
    git(fixture_kb, "commit", "-qm", "first", date="2024-03-01T10:00:00+00:00")
    publish()
    first = os.readlink(live)
    edit(fixture_kb / "data" / "cunwu.yaml", "summary: 财务支出票据须经", "summary: 每笔财务支出票据须经")
    git(fixture_kb, "commit", "-qam", "second", date="2025-06-15T10:00:00+00:00")
    publish()
    assert os.readlink(live) != first and (cache / "state.pickle").is_file()
    assert "2025-06-15" in (live / "measure" / "cw-fuhe-piaoju" / "index.html").read_text(encoding="utf-8")
    full = tmp_path / "full"
    result = run_mkdocs(fixture_kb, "--strict", "-d", str(full))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(full, live.resolve()) == []
    assert tree_differences(full, Path(first)) != []   # the first release was not touched


def test_cached_exports_remake_only_the_sheets_whose_rows_changed(fixture_kb, monkeypatch):
    kb, _ = check(fixture_kb / "data")
    cache: dict = {}
    assert exportcache.export_files_cached(kb, cache) == export_files(kb)
    made = []
    real = exportcache.xlsx_bytes
    monkeypatch.setattr(exportcache, "xlsx_bytes", lambda table, label: made.append(label) or real(table, label))
    assert exportcache.export_files_cached(kb, cache) == export_files(kb)
    assert made == []
    edit(fixture_kb / "data" / "cunwu.yaml", "title: 确定村务监督委员会的组成", "title: 确定监委会的组成")
    kb, _ = check(fixture_kb / "data")
    assert exportcache.export_files_cached(kb, cache) == export_files(kb)
    assert made == ["工作措施"]


def test_sync_copies_only_what_changed_and_links_from_the_last_release(tmp_path):
    from build_cached import sync_tree

    def tree(root: Path, files: dict[str, str]) -> Path:
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        return root

    src = tree(tmp_path / "cache", {"index.html": "首页", "a/index.html": "甲", "b/index.html": "乙"})
    site = tree(tmp_path / "site", {"old/index.html": "旧", "b": "一个文件", ".git/HEAD": "ref", ".nojekyll": ""})
    assert sync_tree(src, site) == 3
    assert tree_differences(src, site) == [".git/HEAD", ".nojekyll"]   # top-level hidden files are left alone
    assert sync_tree(src, site) == 0
    (src / "a" / "index.html").write_text("甲（改）", encoding="utf-8")
    assert sync_tree(src, site) == 1 and (site / "a" / "index.html").read_text(encoding="utf-8") == "甲（改）"
    release = tmp_path / "release"
    assert sync_tree(src, release, link_from=site) == 3
    assert tree_differences(src, release) == []
    assert (release / "index.html").stat().st_ino == (site / "index.html").stat().st_ino
    (src / "index.html").write_text("新首页", encoding="utf-8")
    assert sync_tree(src, site) == 1   # replaced under a new name: the release's linked copy is untouched
    assert (release / "index.html").read_text(encoding="utf-8") == "首页"


def test_search_term_cache_gives_the_same_index_and_segments_only_new_titles(monkeypatch):
    from policykb.core.search import index, tokens

    docs = [index.SearchDoc("measure/a/", "村务监督委员会的组成", "工作措施", "监委会由三至五人组成。"),
            index.SearchDoc("qa/b/", "谁不能当村务监督委员会成员", "问答", "村党组织书记不能兼任。"),
            index.SearchDoc("measure/", "工作措施", "", "全部工作措施。", boost=0.3)]
    words = ["村务监督委员会"]
    cache: dict = {}
    assert index.build_search_files(docs, words, term_cache=cache) == index.build_search_files(docs, words)
    segmented = []
    real = tokens.title_words
    monkeypatch.setattr(tokens, "title_words", lambda title: segmented.append(title) or real(title))
    docs[0].text = "监委会由三至五人组成，其中应有财会人员。"   # the text changes, not the title
    cached = index.build_search_files(docs, words, term_cache=cache)
    assert segmented == []
    assert cached == index.build_search_files(docs, words)
    segmented.clear()
    docs[1].title = "哪些人不能当村务监督委员会成员"
    cached = index.build_search_files(docs, words, term_cache=cache)
    assert segmented == [docs[1].title]
    assert cached == index.build_search_files(docs, words)
    assert index.build_search_files(docs, ["监督"], term_cache=cache) == index.build_search_files(docs, ["监督"])
