"""Old browser cores (国产化 terminals, Chromium 69 and later): the build-time check of the built CSS
(doiuse against browserslist `chrome >= 69`) and JavaScript (ECMAScript 2017, no newer built-ins),
and search in a browser whose scripts lack the newer built-ins."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, open_search

SCRIPT = ROOT / "scripts" / "check_compat.py"
TOOLS = ROOT / "tests" / "node" / "node_modules" / "doiuse"


@pytest.fixture(scope="module", autouse=True)
def tools():
    if not (shutil.which("node") and TOOLS.is_dir()):
        if os.environ.get("CI"):
            pytest.fail("node or doiuse is missing: scripts/test.sh installs them (npm ci --prefix tests/node)")
        pytest.skip("node packages are not installed (npm ci --prefix tests/node)")


def run(site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(site)], capture_output=True, text=True, timeout=300)


@pytest.fixture
def site_copy(built_fixture, tmp_path):
    """The built fixture's assets, to spoil."""
    dest = tmp_path / "site"
    shutil.copytree(built_fixture / "assets", dest / "assets")
    return dest


def test_the_built_site_passes(built_fixture):
    result = run(built_fixture)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "通过" in out.splitlines()[-1]
    # Material's icon masks and flex gaps are found and known; our own files are among those checked
    assert "[已知] css-masks" in out and "[已知] flexbox-gap" in out
    assert "kb.css" in out


def test_a_newer_css_feature_fails_with_where_and_what_to_do(site_copy):
    with open(site_copy / "assets" / "policykb" / "kb.css", "a", encoding="utf-8") as f:
        f.write("\n.kb-x:has(> a) { color: red; }\n")
    result = run(site_copy)
    assert result.returncode == 1
    assert "[未知] css-has" in result.stdout
    assert "错误：kb.css:" in result.stdout and "后备写法" in result.stdout


def test_a_mask_without_its_webkit_twin_fails(site_copy):
    with open(site_copy / "assets" / "policykb" / "kb.css", "a", encoding="utf-8") as f:
        f.write("\n.kb-icon { mask-image: url(x.svg); }\n"
                ".kb-ok { -webkit-mask-image: url(x.svg); mask-image: url(x.svg) }\n")
    result = run(site_copy)
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if "-webkit-mask-image" in line and line.startswith("错误")]
    assert len(problems) == 1 and ".kb-icon" not in problems[0] and "mask-image: url(x.svg)" in problems[0]


@pytest.mark.parametrize("code, expected", [
    ("var a = {}; var b = a?.c;", "不是 ECMAScript 2017 语法"),
    ("var a = null; var b = a ?? 1;", "不是 ECMAScript 2017 语法"),
    ("var s = new Intl.Segmenter('zh', {granularity: 'word'});", "Intl.Segmenter"),
    ("var t = 'a-b'.replaceAll('-', '');", "replaceAll"),
])
def test_newer_javascript_fails(site_copy, code, expected):
    (site_copy / "assets" / "policykb" / "extra.js").write_text(code, encoding="utf-8")
    result = run(site_copy)
    assert result.returncode == 1
    assert any(line.startswith("错误：assets/policykb/extra.js") and expected in line
               for line in result.stdout.splitlines()), result.stdout


def test_search_works_without_newer_builtins(browser, served_fixture):
    """The worker as an old core runs it: Intl.Segmenter, replaceAll, Object.hasOwn and friends removed."""
    context = browser.new_context()
    page = context.new_page()
    worker = (ROOT / "plugins" / "policykb" / "assets" / "search-worker.js").read_text(encoding="utf-8")
    old_core = ("delete Intl.Segmenter; delete String.prototype.replaceAll; delete String.prototype.matchAll;"
                "delete Object.hasOwn; delete Object.fromEntries; delete Promise.allSettled; delete Promise.any;"
                "delete Array.prototype.at; delete Array.prototype.findLast;\n")
    seen = []

    def serve_old(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="application/javascript", body=old_core + worker)
    page.route("**/assets/policykb/search-worker.js", serve_old)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served_fixture)
    open_search(page).type("村务监督", delay=10)
    page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert seen and titles and titles[0] == "村务监督"
    assert errors == []
    context.close()
