"""Safety of the HTML made from data: links, raw HTML and a final allowlist.

Three layers, each enough on its own for script:

1. On pages generated from data, Markdown reads no raw HTML at all: the
   `html_block` preprocessor and the `html` inline pattern are removed, so a
   `<script>` written in a data field is text, whatever fences, code spans or
   indentation surround it. The generator's own HTML (a chart, a wrapper div)
   reaches the page as a token (`render.text.raw_html`) that no data value can
   hold: the YAML reader refuses the control characters it is made of.
2. A tree processor removes links with script-carrying schemes (javascript:,
   vbscript:, data:, file:), images from outside the site and `on…` attributes
   that attr_list could add; on generated pages it also turns links that leave
   the site (`https://…`, protocol-relative `//host/…`) into plain text.
3. `clean_html` passes the finished HTML of a generated page through nh3 (the
   Rust sanitiser ammonia) with an allowlist of tags and attributes: no style
   other than table alignment, no `on…`, no off-site URL.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..render.text import RAW_HTML

UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)


def _clean(value: str) -> str:
    # the browser decodes character references in the attribute (`javascript&colon;`, `&#106;`,
    # which Markdown writes out as they are), ignores control characters and whitespace in a
    # scheme and reads a backslash as a slash (`/\host` is `//host`)
    return re.sub(r"[\x00-\x20]", "", html.unescape(value)).replace("\\", "/")


def off_site(url: str) -> bool:
    """True for a URL that names a scheme or another host (`//host`): it leaves the site."""
    return bool(EXTERNAL.match(_clean(url)))


class SafeLinksTreeprocessor(Treeprocessor):
    def __init__(self, md, site_only: bool = False):
        super().__init__(md)
        self.site_only = site_only

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                href = child.get("href", "") if child.tag == "a" else ""
                if child.tag == "a" and (UNSAFE_SCHEME.match(_clean(href)) or self.site_only and off_site(href)):
                    child.tag = "span"  # keep the text, drop the link
                    del child.attrib["href"]
                elif child.tag == "img" and off_site(child.get("src", "")):
                    parent.remove(child)
                for attr in [a for a in child.attrib if a.lower().startswith("on") or
                             self.site_only and a.lower() in ("style", "srcset", "formaction", "action")]:
                    del child.attrib[attr]  # attr_list could otherwise add onclick=… or style=…


class GeneratorHtmlPreprocessor(Preprocessor):
    """Puts the generator's own HTML tokens into Markdown's stash, unchanged."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "\x0e" not in text:
            return lines
        return RAW_HTML.sub(lambda m: self.md.htmlStash.store(m.group(1)), text).split("\n")


class SafeLinksExtension(Extension):
    """`data_page` (set by the plugin before each page is converted): the page is made from data.

    Without the plugin (a tree from scripts/export_tree.py), the option `data_pages: true` treats
    every page so: raw HTML off, the generator's own HTML tokens kept.
    """

    def __init__(self, **kwargs):
        self.config = {"data_pages": [False, "every page is made from data"]}
        super().__init__(**kwargs)
        self.data_page = bool(self.getConfig("data_pages"))

    def extendMarkdown(self, md):
        md.treeprocessors.register(SafeLinksTreeprocessor(md, site_only=self.data_page), "policykb_safe_links", 1)
        # the generator's HTML tokens (also written by markers into hand-written pages); data never holds them
        md.preprocessors.register(GeneratorHtmlPreprocessor(md), "policykb_generator_html", 25)
        if self.data_page:
            if "html_block" in md.preprocessors:
                md.preprocessors.deregister("html_block")
            if "html" in md.inlinePatterns:
                md.inlinePatterns.deregister("html")


def makeExtension(**kwargs):  # noqa: N802 - Markdown's naming
    return SafeLinksExtension(**kwargs)


# ---------------------------------------------------------------- the finished HTML

_TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
         "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
         "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
         "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
         "nav",  # the generator's breadcrumb
         "svg", "g", "rect", "text", "title", "desc", "line", "path", "circle"}  # the generator's charts
_SVG = {"x", "y", "width", "height", "fill", "stroke", "text-anchor", "font-size", "viewBox", "role", "xmlns", "d",
        "x1", "x2", "y1", "y2", "cx", "cy", "r"}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "aria-current"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align"},
    "ol": {"start", "type"},
    "div": {"data-kb-filter"},
    "details": {"open"},
    **{tag: _SVG for tag in ("svg", "g", "rect", "text", "line", "path", "circle")},
}
_cleaner = None


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and off_site(value):
        return None
    if attribute in ("id", "name") and value.startswith("__"):
        return None  # Material's own elements (__config, __search, __drawer …) are found by these ids
    return value


def clean_html(fragment: str) -> str:
    """The HTML with only allowlisted tags and attributes, and no URL that leaves the site."""
    global _cleaner
    if _cleaner is None:
        import nh3
        _cleaner = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(), link_rel=None,
                               filter_style_properties={"text-align"}, attribute_filter=_filter,
                               strip_comments=True)
    return _cleaner.clean(fragment)


# Material's `content.tooltips` builds each tooltip with innerHTML from the element's title text, and
# titles here come from data (glossary definitions, link titles, long entry titles): never switch it on.
UNSAFE_THEME_FEATURES = {
    "content.tooltips": "Material 会把标题提示（术语释义、条目标题等来自数据的文字）当作 HTML 显示，数据中的脚本会运行",
}


def unsafe_features(features) -> list[str]:
    """Chinese messages for theme features that would turn text from data into live HTML."""
    return [f"mkdocs.yml 的 theme.features 不能含 `{name}`：{why}。请删去这一项（术语释义仍以浏览器自带的提示显示）。"
            for name, why in UNSAFE_THEME_FEATURES.items() if name in (features or [])]
