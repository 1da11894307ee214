"""Search on the bundled knowledge base, in headless Chromium: the query set's pages are found."""
from __future__ import annotations

import re
import time

import pytest
import yaml
from conftest import ROOT, open_search, serve

QUERIES = yaml.safe_load((ROOT / "tests" / "search" / "queries.yaml").read_text(encoding="utf-8"))["queries"]


@pytest.fixture(scope="module")
def site_page(browser, built_bundled):
    base, server = serve(built_bundled)
    page = browser.new_page()
    page.goto(base)
    page.wait_for_load_state("networkidle")
    yield page
    page.close()
    server.shutdown()


def results(page, query: str, paste: bool) -> list[str]:
    box = open_search(page)
    box.fill("")
    if paste:
        box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new InputEvent('input', {bubbles: true})) }", query)
    else:
        box.type(query, delay=5)
    last, deadline = None, time.time() + 5
    while time.time() < deadline:
        page.wait_for_timeout(100)
        now = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        if now and now == last:
            break
        last = now
    return [re.sub(r"^https?://[^/]+/|[?#].*$", "", h) for h in (last or [])]


def test_required_queries_find_the_right_pages(site_page):
    for query in ("村务监督", "cwjd", "cunwujiandu"):
        assert results(site_page, query, False)[0] == "theme/cunwu-jiandu/", query
    assert "measure/xl-helin-xinli-zixunshi/" in results(site_page, "xinlizixun", False)[:5]


def test_recall_at_10_on_the_query_set(site_page):
    scores, misses = [], []
    for q in QUERIES:
        got = results(site_page, q["q"], q["type"] == "paste")[:10]
        found = [e for e in q["expect"] if e in got]
        scores.append(len(found) / len(q["expect"]))
        if len(found) < len(q["expect"]):
            misses.append((q["q"], [e for e in q["expect"] if e not in got], got[:3]))
    assert len(QUERIES) >= 60
    assert sum(scores) / len(scores) >= 0.9, misses
