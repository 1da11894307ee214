"""Search: the index built at build time, and real queries in headless Chromium."""
from __future__ import annotations

import re

import pytest
from conftest import open_search
from policykb.core.search import SearchDoc, build_search_files
from policykb.core.search.index import fnv1a
from policykb.core.search.tokens import pinyin_keys, syllables


@pytest.mark.parametrize("word, reading", [
    ("重点", "zhong dian"), ("长效机制", "chang xiao ji zhi"), ("人民调解", "ren min tiao jie"),
    ("行政村", "xing zheng cun"), ("六都寨镇", "liu du zhai zhen"), ("村会计", "cun kuai ji"),
    ("银行", "yin hang"), ("村长", "cun zhang"), ("重复", "chong fu"),
])
def test_polyphones_read_as_in_the_domain(word, reading):
    assert " ".join(syllables(word)) == reading


def test_pinyin_keys_of_a_title():
    keys = pinyin_keys("村务监督")
    assert {"p:cunwu", "p:wujian", "p:jiandu", "i:cw", "i:wj", "i:jd", "p1:cun"} <= keys


def test_index_files_are_sharded_javascript_with_utf8():
    docs = [SearchDoc(f"measure/m{i}/", f"心理咨询室建设{i}", "工作措施", "建成率达到80%以上。" * 50)
            for i in range(400)]
    files = build_search_files(docs)
    assert files["meta.js"].startswith("self.__kbMeta=")
    shards = [name for name in files if re.fullmatch(r"t\d+\.js", name)]
    assert len(shards) > 1
    assert "心理" in "".join(files.values()) and "\\u" not in files["meta.js"]


def test_fnv1a_is_32_bit_and_stable():
    assert fnv1a("村务") == fnv1a("村务") < 2 ** 32
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector


def test_titles_are_escaped_in_the_index():
    files = build_search_files([SearchDoc("qa/x/", "<img src=x onerror=alert(1)>", "问答", "正文")])
    assert "<img" not in files["meta.js"] and "&lt;img" in files["meta.js"]


# ------------------------------------------------------------------ in the browser

def search(page, query: str, how: str = "type") -> list[str]:
    """Put a query into Material's search box; return result titles in order."""
    box = open_search(page)
    box.fill("")
    if how == "type":
        box.type(query, delay=10)
    elif how == "paste":  # like a paste with the mouse: the text changes, no key is pressed
        box.evaluate("(el, q) => { el.value = q; el.dispatchEvent(new InputEvent('input', {bubbles: true})) }",
                     query)
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('键入')", timeout=5000)
    page.wait_for_timeout(150)
    return page.locator(".md-search-result__item h1").all_inner_texts()


@pytest.fixture
def page(browser, served_fixture):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served_fixture)
    yield page
    assert errors == []
    context.close()


@pytest.mark.parametrize("query, first", [
    ("村务监督", "村务监督"),
    ("cwjd", "村务监督"),
    ("cunwujiandu", "村务监督"),
    ("cun wu jian du", "村务监督"),
    ("xinlizixun", "心理咨询室"),
    ("xlzx", "心理咨询室"),
    ("近亲属", "哪些人不能当村务监督委员会成员？"),
    ("人民", "中华人民共和国村民委员会组织法"),        # a word inside a longer compound
    ("选举村务监督委员会", "选举产生村务监督委员会"),   # every segment counts
    ("心里咨询", "普遍设立心理咨询室或社会工作室"),     # homophone typo
])
def test_queries_find_the_right_page_first(page, query, first):
    titles = search(page, query)
    assert titles and titles[0] == first, titles


def test_pinyin_finds_entries_beside_the_term(page):
    assert "普遍设立心理咨询室或社会工作室" in search(page, "xinlizixun")[:3]


def test_pasted_text_searches_without_a_key_press(page):
    titles = search(page, "心理咨询室", how="paste")
    assert "普遍设立心理咨询室或社会工作室" in titles[:3]


def test_title_match_ranks_above_mentions(page):
    titles = search(page, "组成")
    assert titles[0] == "确定村务监督委员会的组成"


def test_result_links_open_the_entry(page, served_fixture):
    search(page, "cwjd")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == served_fixture + "theme/cunwu-jiandu/"
    assert page.locator("h1").first.inner_text().rstrip("¶") == "村务监督"


def test_worker_loads_several_index_files_side_by_side(browser, tmp_path):
    """A query that needs several term and snippet files fetches them together
    (importScripts would load one after the other) and still answers right."""
    from pathlib import Path

    import policykb
    import policykb.core.search.index as index
    from _localserver import serve

    words = ["心理咨询", "村务监督", "矛盾调解", "网格管理", "乡风文明", "法律援助", "公开栏", "监护照护"]
    docs = [SearchDoc(f"doc/{n}/", f"第{n}号{words[n % 8]}{words[(n * 3) % 8]}工作", "工作措施",
                      f"{words[n % 8]}的做法和{words[(n + 5) % 8]}的要求，第{n}项。" * 8) for n in range(600)]
    saved = index.SHARD_BYTES
    index.SHARD_BYTES = 20_000  # many small shards, as in a big site
    try:
        files = build_search_files(docs)
    finally:
        index.SHARD_BYTES = saved
    assert sum(name.startswith("t") for name in files) >= 8
    (tmp_path / "search" / "policykb").mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "search" / "policykb" / name).write_text(text, encoding="utf-8")
    (tmp_path / "assets" / "policykb").mkdir(parents=True)
    worker = Path(policykb.__file__).parent / "assets" / "search-worker.js"
    (tmp_path / "assets" / "policykb" / "search-worker.js").write_text(worker.read_text(encoding="utf-8"))
    (tmp_path / "index.html").write_text("""<!doctype html><meta charset="utf-8"><script>
      window.ask = queries => new Promise(done => {
        const w = new Worker("assets/policykb/search-worker.js");
        const answers = [];
        w.onmessage = ev => {
          if (ev.data.type === 1) queries.forEach(q => w.postMessage({type: 2, data: q}));  /* key by key */
          if (ev.data.type === 3) { answers.push(ev.data.data.items.map(i => i[0]));
                                    setTimeout(() => done(answers), 300); }
        };
        w.postMessage({type: 0});
      });</script>""", encoding="utf-8")
    base, server = serve(tmp_path)
    try:
        context = browser.new_context()
        page = context.new_page()
        loads = []
        context.on("request", lambda r: loads.append((r.url.rsplit("/", 1)[-1], r.resource_type)))
        page.goto(base)
        # typed key by key: each prefix is a query; only the last is answered
        answers = page.evaluate("ask(['村', '村务', '村务监', '村务监督', '村务监督 网格', '村务监督 网格管理'])")
        context.close()
    finally:
        server.shutdown()
    assert len(answers) == 1, "overtaken queries must not be answered"
    items = answers[0]
    titles = [re.sub(r"</?mark>", "", i["title"]) for i in items]  # together in the titles of docs 1, 9, 17 …
    assert titles[0].endswith("号村务监督网格管理工作"), titles[:5]
    assert sum(1 for i in items[:10] if " · " in i["text"]) == min(10, len(items))  # snippets shown
    index_files = [name for name, _ in loads if re.fullmatch(r"[ts]\d+\.js", name)]
    assert len(index_files) == len(set(index_files)), "a file was asked for twice"
    fetched = {name for name, how in loads if how == "fetch" and re.fullmatch(r"[ts]\d+\.js", name)}
    assert sum(n.startswith("t") for n in fetched) >= 2 and sum(n.startswith("s") for n in fetched) >= 2, loads
