"""`mkdocs serve`: editing a YAML file rebuilds the site; with --dirty only changed pages are rebuilt,
and the result is still complete (other pages kept, search index covering every page)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from policykb.mkdocs.compact import compact_html


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=120).read().decode("utf-8")


def wait_for(url: str, seconds: float = 180) -> str:
    end = time.time() + seconds
    while True:
        try:
            return fetch(url)
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.3)


def search_meta(base: str) -> dict:
    text = fetch(base + "search/policykb/meta.js")
    return json.loads(text[len("self.__kbMeta="):].rstrip(";\n"))


@pytest.mark.parametrize("mode", ["--dirty", "--livereload"])
def test_serve_rebuilds_after_a_yaml_edit(kb_dir, mode):
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", mode, "-a", f"127.0.0.1:{port}"],
                            cwd=kb_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        page = wait_for(base + "measure/cw-zucheng/")
        assert "确定村务监督委员会的组成" in page
        before = search_meta(base)
        other = fetch(base + "measure/cw-xuanju/")
        data = kb_dir / "data" / "cunwu.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace("title: 确定村务监督委员会的组成",
                                                                  "title: 确定监委会组成（已修改）"), encoding="utf-8")
        end = time.time() + 120
        while "已修改" not in fetch(base + "measure/cw-zucheng/"):
            assert time.time() < end, "the edited page was never rebuilt"
            time.sleep(0.2)
        # pages that name the measure show the new title; untouched pages are still served whole
        assert "确定监委会组成（已修改）" in fetch(base + "measure/index.html")
        assert fetch(base + "measure/cw-xuanju/") .count("</html>") == 1
        assert len(fetch(base + "measure/cw-xuanju/")) > len(other) * 0.9
        # the search index follows (with --dirty it is written just after the pages)
        while True:
            after = search_meta(base)
            titles = {d[0]: d[1] for d in after["docs"]}
            if titles["measure/cw-zucheng/"] == "确定监委会组成（已修改）":
                break
            assert time.time() < end, "the search index never caught up with the edit"
            time.sleep(0.2)
        assert [d[0] for d in after["docs"]] == [d[0] for d in before["docs"]]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_compact_html_keeps_preformatted_text_and_rendering():
    html = ("<div>\n    <p>甲\n      乙</p>\n\n\n  <pre><code>  缩进\n    保留</code></pre>\n"
            "<script>\n  var a = 1;\n</script>")
    out = compact_html(html)
    assert out == "<div>\n<p>甲\n乙</p>\n<pre><code>  缩进\n    保留</code></pre>\n<script>\n  var a = 1;\n</script>"
