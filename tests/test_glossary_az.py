"""Glossary terms marked in pages, the glossary and the A–Z (pinyin) index."""
from __future__ import annotations

import re

from conftest import FIXTURE, check
from htmlutil import Page
from policykb.core.render.sorting import pinyin_key
from policykb.core.render.terms import Term, mark_terms

TERMS = [Term("网格员", "wgy", "../wgy/", "网格里的专职人员"), Term("网格", "wg", "../wg/", "划分的单元 <b>"),
         Term("网格化", "wg", "../wg/", "划分的单元 <b>")]


def marked(html: str) -> list[str]:
    return re.findall(r'<a class="kb-term" href="([^"]+)"', mark_terms(html, TERMS))


def test_first_occurrence_only_and_longest_term_wins():
    html = "<p>网格员在网格里巡查，网格员记录。</p>"
    out = mark_terms(html, TERMS)
    assert marked(html) == ["../wgy/", "../wg/"]
    assert out.count(">网格员</a>") == 1 and "网格</a>里" in out


def test_never_inside_headings_links_code_or_another_term():
    html = ('<h2>网格员</h2><p><a href="x">网格员</a><code>网格员</code></p>'
            '<pre>网格</pre><p>网格化管理</p>')
    out = mark_terms(html, TERMS)
    assert marked(html) == ["../wg/"]  # only 网格化 in the last paragraph
    assert "<h2>网格员</h2>" in out and '<a href="x">网格员</a>' in out


def test_aliases_share_one_mark_and_definitions_are_escaped():
    out = mark_terms("<p>网格化管理，网格划分</p>", TERMS)
    assert out.count('class="kb-term"') == 1 and 'title="划分的单元 &lt;b&gt;"' in out


def test_pages_mark_terms_with_tooltip(built_fixture):
    page = Page(built_fixture, "measure/xl-zixunshi/index.html")
    assert ('<a class="kb-term" href="../../glossary/xinli-zixunshi/" '
            'title="设在综治中心或社区服务设施里、为群众提供心理健康服务的场所。">心理咨询室</a>') in page.html
    assert page.html.count('class="kb-term"') == 1
    own = Page(built_fixture, "glossary/xinli-zixunshi/index.html")
    assert 'class="kb-term"' not in own.html


def test_glossary_pinyin_is_generated(built_fixture):
    page = Page(built_fixture, "glossary/xinli-zixunshi/index.html")
    assert "xīn lǐ zī xún shì" in page.text


def test_glossary_index_sorted_by_pinyin(built_fixture):
    page = Page(built_fixture, "glossary/index.html")
    headings = [h for level, h in page.headings if level == "h2"]
    assert headings == ["C", "X"]


def test_az_index_lists_everything_by_initial(built_fixture):
    kb, _ = check(FIXTURE / "data")
    page = Page(built_fixture, "pinyin/index.html")
    assert {f"{e.kind.url_dir}/{e.id}/index.html" for e in kb.entries.values()} == page.content_targets()
    letters = [h for level, h in page.headings if level == "h2"]
    assert letters == sorted(letters) and "X" in letters and "Z" in letters
    for letter in letters:
        assert f'href="#{letter.lower()}"' in page.html  # the letter bar
    items = re.findall(r'<li><a href="[^"]+">([^<]+)</a> · ', page.html)
    start = page.html.index('id="x"')
    x_items = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', page.html[start: page.html.index("<h2", start + 1)])
    assert x_items == sorted(x_items, key=pinyin_key) and len(x_items) >= 3
    assert items


def test_lists_are_sorted_by_pinyin_not_code_point():
    titles = ["中华人民共和国村民委员会组织法", "村务监督", "安吉县", "八项规定"]
    assert sorted(titles, key=pinyin_key) == ["安吉县", "八项规定", "村务监督", "中华人民共和国村民委员会组织法"]
