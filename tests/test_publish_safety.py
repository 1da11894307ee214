"""Publishing safety: dates from git, reproducible output, no internal content in public builds."""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys

from conftest import ROOT, check, run_mkdocs, write
from htmlutil import Page


def git(cwd, *args, date=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_last_updated_comes_from_the_commit_of_the_entry_lines(kb_dir):
    git(kb_dir, "init", "-q")
    git(kb_dir, "add", "-A")
    git(kb_dir, "commit", "-qm", "first", date="2024-03-01T10:00:00+00:00")
    data = kb_dir / "data" / "cunwu.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "summary: 财务支出票据须经", "summary: 每笔财务支出票据须经"), encoding="utf-8")
    git(kb_dir, "commit", "-qam", "second", date="2025-06-15T10:00:00+00:00")
    kb, _ = check(kb_dir / "data", history=True)
    assert kb.updated[("measure", "cw-fuhe-piaoju")] == "2025-06-15"
    assert kb.updated[("measure", "cw-xuanju")] == "2024-03-01"
    assert run_mkdocs(kb_dir, "--strict").returncode == 0
    page = Page(kb_dir / "site", "measure/cw-fuhe-piaoju/index.html")
    assert "最后更新2025-06-15" in page.text.replace("\n", "")
    updates = Page(kb_dir / "site", "updates/index.html")
    days = [h for level, h in updates.headings if level == "h2"]
    assert days == ["2025-06-15", "2024-03-01"]
    first = updates.html.index('id="2025-06-15"')
    assert "measure/cw-fuhe-piaoju/" in updates.html[first: updates.html.index('id="2024-03-01"')]


def test_same_input_builds_byte_identical_sites(kb_dir, tmp_path):
    for out in ("one", "two"):
        assert run_mkdocs(kb_dir, "--strict", "-d", str(tmp_path / out)).returncode == 0
    cmp = filecmp.dircmp(tmp_path / "one", tmp_path / "two")

    def differences(c):
        found = c.diff_files + c.left_only + c.right_only
        for sub in c.subdirs.values():
            found += differences(sub)
        return found
    assert differences(cmp) == []
    files = list((tmp_path / "one").rglob("*"))
    mismatched = [f for f in files if f.is_file() and
                  f.read_bytes() != (tmp_path / "two" / f.relative_to(tmp_path / "one")).read_bytes()]
    assert len(files) > 50 and mismatched == []


CANARY = "金丝雀内部条目7Q3Z"


def test_internal_entries_leave_no_trace_in_the_public_build(kb_dir):
    write(kb_dir / "data" / "internal.yaml", f"""
        measures:
          - id: neibu-canary
            title: {CANARY}措施
            themes: [cunwu-jiandu]
            summary: {CANARY} 只在内部版出现。
            lead: [xian-minzhengju]
            related: [measure:cw-xuanju]
            tags: [{CANARY}标签]
            visibility: internal
        glossary:
          - term: {CANARY}术语
            definition: 内部术语 {CANARY}
            visibility: internal
        """)
    assert run_mkdocs(kb_dir, "--strict").returncode == 0
    leaks = [p for p in (kb_dir / "site").rglob("*") if p.is_file() and
             (CANARY.encode() in p.read_bytes() or b"neibu-canary" in p.read_bytes())]
    assert leaks == []
    env = dict(os.environ, POLICYKB_PROFILE="internal")
    internal = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "internal-site"],
                              cwd=kb_dir, env=env, capture_output=True, text=True)
    assert internal.returncode == 0, internal.stderr
    page = kb_dir / "internal-site" / "measure" / "neibu-canary" / "index.html"
    assert CANARY in page.read_text(encoding="utf-8")
    backlinks = Page(kb_dir / "internal-site", "measure/cw-xuanju/index.html")
    assert "measure/neibu-canary/index.html" in backlinks.content_targets()


def run_publish(project, live):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "publish.py"), "--live", str(live),
                           "--project", str(project), "--keep", "2"], capture_output=True, text=True)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_publish_is_atomic_and_a_broken_build_leaves_the_live_site_intact(kb_dir, tmp_path):
    live = tmp_path / "www" / "kb"
    first = run_publish(kb_dir, live)
    assert first.returncode == 0, first.stderr
    assert live.is_symlink() and (live / "measure" / "cw-xuanju" / "index.html").is_file()
    before = snapshot(live)
    target = os.readlink(live)
    data = kb_dir / "data" / "cunwu.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("lead: [cun-dangzhibu]", "lead: [cun-dangzhib]", 1),
                    encoding="utf-8")
    broken = run_publish(kb_dir, live)
    assert broken.returncode == 1
    assert "保持不变" in broken.stderr and "cun-dangzhib" in broken.stderr
    assert os.readlink(live) == target and snapshot(live) == before
    releases = live.with_name("kb.releases")
    assert [p.name for p in releases.iterdir()] == [os.path.basename(target)]  # no half-built release left
    data.write_text(data.read_text(encoding="utf-8").replace("cun-dangzhib]", "cun-dangzhibu]"), encoding="utf-8")
    third = run_publish(kb_dir, live)
    assert third.returncode == 0 and os.readlink(live) != target


def test_publish_check_catches_a_broken_internal_link(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from publish import check_release
    site = tmp_path / "site"
    write(site / "index.html", '<a href="measure/x/">x</a>')
    write(site / "404.html", "")
    write(site / "search" / "policykb" / "meta.js", "")
    assert check_release(site) == ["index.html: 链接 measure/x/ 指向不存在的文件"]
    write(site / "measure" / "x" / "index.html", '<a href="../../">home</a>')
    assert check_release(site) == []


def test_history_cache_asks_git_again_only_for_changed_files(kb_dir, monkeypatch):
    import policykb.core.load.history as history

    git(kb_dir, "init", "-q")
    git(kb_dir, "add", "-A")
    git(kb_dir, "commit", "-qm", "first", date="2024-03-01T10:00:00+00:00")
    blamed = []
    real = history._line_times
    monkeypatch.setattr(history, "_line_times", lambda path: blamed.append(path.name) or real(path))
    cache: dict = {}
    kb, _ = check(kb_dir / "data", history=True, history_cache=cache)
    first = len(blamed)
    assert first >= 2 and kb.updated[("measure", "cw-fuhe-piaoju")] == "2024-03-01"
    blamed.clear()
    kb, _ = check(kb_dir / "data", history=True, history_cache=cache)
    assert blamed == [] and kb.updated[("measure", "cw-fuhe-piaoju")] == "2024-03-01"
    data = kb_dir / "data" / "cunwu.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "summary: 财务支出票据须经", "summary: 每笔财务支出票据须经"), encoding="utf-8")
    git(kb_dir, "commit", "-qam", "second", date="2025-06-15T10:00:00+00:00")
    kb, _ = check(kb_dir / "data", history=True, history_cache=cache)
    assert len(blamed) == first  # a new commit: every file again
    assert kb.updated[("measure", "cw-fuhe-piaoju")] == "2025-06-15"
    assert kb.updated == check(kb_dir / "data", history=True)[0].updated
