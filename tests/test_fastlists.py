"""The fast list path gives exactly the HTML of the ordinary Markdown parser.

Compared on every page source of the bundled knowledge base, with the Markdown
extensions of the real mkdocs.yml, and on hand-written cases that must fall
back to the ordinary parser."""
from __future__ import annotations

import functools
import html as htmllib
import re

import markdown
import pytest
from conftest import ROOT
from policykb.core import build_knowledge_base
from policykb.core.markdown.fastlists import FastListProcessor, FastListsExtension
from policykb.core.markdown.safelinks import SafeLinksExtension
from policykb.core.render import render_site
from policykb.core.render.text import esc


@functools.lru_cache(maxsize=1)
def site_extensions():
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def convert(text: str, fast: bool, counter: list | None = None) -> str:
    names, configs = site_extensions()
    extensions = names + [SafeLinksExtension()] + ([FastListsExtension()] if fast else [])
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    if counter is not None:
        processor = md.parser.blockprocessors["policykb_fast_lists"]
        run = processor.run

        def counting(parent, blocks):
            taken = run(parent, blocks)
            counter.append(taken)
            return taken
        processor.run = counting
    return md.convert(text)


@pytest.fixture(scope="module", params=["bundled", "generated"])
def pages(request, tmp_path_factory):
    data = ROOT / "data"
    if request.param == "generated":  # recombined text: numbered lines, dates, more shapes of item
        import gen_kb
        data = tmp_path_factory.mktemp("gen") / "data"
        gen_kb.write_data(gen_kb.generate(400, 11, gen_kb.Corpus(ROOT / "data")), data)
    kb, problems = build_knowledge_base(data)
    assert not problems.errors
    return render_site(kb)


def test_every_generated_page_converts_to_the_same_html(pages):
    taken: list = []
    differ = [uri for uri, source in pages.items()
              if isinstance(source, str) and convert(source, fast=True, counter=taken) != convert(source, fast=False)]
    assert not differ, f"fast lists change the HTML of {differ[:5]}"
    # the fast path must really carry most lists, or it saves nothing
    assert taken.count(True) > 1000 and taken.count(True) > 2 * taken.count(False), \
        (taken.count(True), taken.count(False))


@pytest.mark.parametrize("source", [
    "- [甲](a.md)：说明\n- 乙 *强调*",                 # emphasis
    "- [甲](a.md)\n    - [乙](b.md)",                  # nested list
    "- [甲](a.md)\n\n- [乙](b.md)",                    # loose list
    "- [甲](a.md)\n\n    续行",                         # continuation paragraph
    "- 国庆\\~元旦",                                   # escape the parser does not honour
    "- [外部](https://example.com/)",                  # absolute link
    "- [脚本](javascript:alert(1))",                   # unsafe link
    "- <script>alert(1)</script>",                     # raw HTML
    "- &nbsp;空格",                                    # other entities
    "- `代码`",                                        # code
    "- 文本 { .cls }",                                 # attribute list
    "- [甲\\[1\\]](a.md#章节)：a &lt;b&gt; &amp; \\*c\\*",  # escapes and entities the renderer writes
    "- [a &lt;b&gt; &amp; c](a.md)\n- [a &nbsp; b](a.md)\n- [a & b](a.md)",  # entities in labels
    "1. 一\n- 二",                                      # mixed lists
    "段落\n- 紧接的列表",                               # list after a paragraph line
    "- [一](a.md)\n- [二](b.md)\n\n1. 三",
    "- [一](a.md)\n\n* [二](b.md)",
    "- 6. 排查调处：聚焦纠纷\n- 1. 村党支部审查",       # an item that is itself an ordered list
    "- 2025-06：[甲](a.md)\n- 2025 年：乙",             # dates are text
    "- - 双重\n- * 星号\n- + 加号",
    "- ??? note\n- !!! note\n- : 定义\n- === 等号",
    "- ABC 项目\n- （括号开头）\n- “引号”",
    # lists that turn loose in a later pass (the item's text moves into a <p>)
    "- [a](b.md)\n\n\n- c",
    "- x [a](b.md) y\n\n\n- c",
    "- [a](b.md)\n\n\n    more",
    "> - [a](b.md)\n\n> - c",
    "!!! note\n    - [a](b.md)\n\n    - c",
    "??? note\n    - [a](b.md) 说明\n\n    - c",
    "Term\n:   - [a](b.md)\n\n    - c",
    "- x\n\n    - [a](b.md)\n\n    - c",
    '<div markdown="1">\n- [a](b.md)\n\n- c\n</div>',
    # reference links inside what looks like an href
    "- [a](x[y][z])\n\n[z]: q.md",
    "- [a](x[y][])\n\n[y]: q.md",
    "- [x](javascript&colon;alert&lpar;1&rpar;)",
])
def test_edge_cases_match_the_ordinary_parser(source):
    assert convert(source, fast=True) == convert(source, fast=False)


def test_fast_path_switches_off_with_unknown_inline_patterns():
    md = markdown.Markdown(extensions=["abbr", FastListsExtension()])
    processor: FastListProcessor = md.parser.blockprocessors["policykb_fast_lists"]
    assert not processor._enabled()
    text = "- [甲](a.md) HTML\n\n*[HTML]: Hyper Text Markup Language"
    assert md.convert(text) == markdown.Markdown(extensions=["abbr"]).convert(text)


def test_plain_text_shows_every_character_as_written():
    """esc() output renders back to the text itself: no stray backslash before ~ or ^."""
    text = "国庆~元旦 a^2 [注] *星* _下_ `码` <b>&amp; #标 {x} |竖| !叹"
    for fast in (False, True):
        html = convert(f"- [{esc(text)}](a.md)：{esc(text)}", fast=fast)
        assert htmllib.unescape(re.sub(r"<[^>]+>", "", html)).strip() == f"{text}：{text}"
