"""Intranet: no request leaves the site, no external address hides in any asset,
and the site works opened from disk, search included."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import FIXTURE, open_search, run_mkdocs

# URL strings that are not addresses anything fetches
NOT_REQUESTS = {
    "www.w3.org": "SVG/XML namespace names in markup and CSS",
    "www.sitemaps.org": "the sitemap's XML namespace name",
    "fontawesome.com": "licence comment of the icon font in Material's CSS",
    "clipboardjs.com": "licence comment of clipboard.js in Material's bundle",
    "api.github.com": "repository facts, only requested when repo_url is set (it is not)",
}
URL = re.compile(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})(?=[/\"'\s)?#:]|$)", re.I)


def test_no_external_address_in_any_built_asset(built_fixture):
    found = {}
    for path in built_fixture.rglob("*"):
        if path.suffix in (".html", ".js", ".css", ".json", ".xml", ".map"):
            for host in URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                if host.lower() not in NOT_REQUESTS:
                    found.setdefault(host, str(path.relative_to(built_fixture)))
    assert found == {}
    assert not list(built_fixture.rglob("*.map"))
    assert 'data-md-component="source"' not in (built_fixture / "index.html").read_text(encoding="utf-8")
    assert "repo_url" not in (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")


PAGES = ["", "theme/", "theme/cunwu-jiandu/", "theme/sanzhi-ronghe/", "measure/", "measure/cw-xuanju/",
         "case/cw-jianning-shidian/", "module/cw-peixun-zhize/", "qa/cw-shei-buneng-dang/",
         "policy/cunweihui-zuzhifa/", "unit/cun-dangzhibu/", "glossary/", "glossary/xinli-zixunshi/",
         "pinyin/", "updates/", "qa/", "404.html"]


def watch_requests(page, origin: str) -> list[str]:
    """Record (and stop) every request that would leave the origin."""
    outside = []

    def route(r):
        url = r.request.url
        if url.startswith(origin) or url.startswith("data:") or url.startswith("blob:") or url == "about:blank":
            r.continue_()
        else:
            outside.append(url)
            r.abort()
    page.route("**/*", route)
    return outside


def test_no_request_leaves_the_site_on_any_page_kind(browser, served_fixture):
    context = browser.new_context()
    page = context.new_page()
    outside = watch_requests(page, served_fixture)
    seen = 0
    for path in PAGES:
        page.goto(served_fixture + path)
        page.wait_for_load_state("networkidle")
        seen += 1
    # a search with a query, and the print view
    page.goto(served_fixture + "measure/cw-xuanju/")
    open_search(page).type("cwjd")
    page.wait_for_selector(".md-search-result__item")
    page.emulate_media(media="print")
    page.goto(served_fixture + "case/cw-jianning-shidian/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert seen == len(PAGES) and outside == []


def test_old_browser_without_resize_observer_gets_the_local_polyfill(browser, served_fixture):
    context = browser.new_context()
    context.add_init_script("delete window.ResizeObserver")
    page = context.new_page()
    outside = watch_requests(page, served_fixture)
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(served_fixture + "measure/cw-xuanju/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof ResizeObserver") == "function"
    assert outside == [] and any("resize-observer-polyfill" in u for u in loaded)
    context.close()


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("offline") / "kb"
    shutil.copytree(FIXTURE, project)
    os.environ["POLICYKB_OFFLINE"] = "true"
    try:
        result = run_mkdocs(project, "--strict")
    finally:
        del os.environ["POLICYKB_OFFLINE"]
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_site_works_opened_from_disk_with_search(browser, offline_site):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((offline_site / "index.html").as_uri())
    page.locator("article a[href='theme/cunwu-jiandu.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/theme/cunwu-jiandu.html")
    page.locator("article a[href='../measure/cw-xuanju.html']").first.click()
    page.wait_for_load_state()
    assert "选举产生村务监督委员会" in page.locator("h1").first.inner_text()
    open_search(page).type("cwjd")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert titles[0] == "村务监督"
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").type("近亲属")
    page.wait_for_function("() => document.querySelector('.md-search-result__item h1') && "
                           "document.querySelector('.md-search-result__item h1').textContent.includes('哪些人不能当')")
    assert [u for u in requests if not u.startswith("file://") and not u.startswith("about:")] == []
    assert errors == []
    context.close()
