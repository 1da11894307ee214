"""A Markdown extension that builds simple link lists without the inline parser.

Generated pages are mostly lists of links: theme hubs, kind indexes, the A–Z
index, backlinks. Python-Markdown runs about fifteen inline patterns over every
item, which made these lists the largest part of a preview rebuild. The lists
the renderer writes use a tiny subset of Markdown: `- ` items on single lines,
holding plain text (with the backslash escapes and `&lt;`/`&gt;`/`&amp;` that
`render.text.esc` produces) and relative links `[label](path.md#anchor)`.

This block processor recognises exactly such blocks and builds the same
element tree the ordinary parser would, with the text marked atomic so that the
inline pass skips it. Anything else (emphasis, code, HTML, a nested or loose
list, an absolute link, an escape the parser would not honour) declines and
falls through to the ordinary list processor, so the output is the same HTML
either way; tests/test_fastlists.py compares both on every page of the site.
The fast path switches itself off when the Markdown configuration has inline
patterns, block or tree processors it does not know, since those could act on
text the ordinary path would have given them.

A second, smaller shortcut (PlainTextTreeprocessor) marks any text in which no
inline pattern could match (no backslash, backtick, bracket, `<`, `&`, `*`, `_`
or hard line break: most Chinese prose) as atomic, so the inline pass does not
try a dozen patterns on it to find nothing.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, util
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

# inline patterns of Python-Markdown itself: each needs a character that _TOKEN's plain text
# refuses (see _INLINE_TRIGGER)
KNOWN_INLINE = {"backtick", "escape", "reference", "link", "image_link", "image_reference",
                "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
                "entity", "not_strong", "em_strong", "em_strong2"}
# block processors of the site's configuration: an item's text is parsed as blocks too, so a
# processor not listed here might read something into it
KNOWN_BLOCK = {"markdown_block", "admonition", "details", "empty", "indent", "defindent", "code", "table",
               "hashheader", "setextheader", "hr", "olist", "ulist", "deflist", "quote", "reference",
               "paragraph", "policykb_fast_lists"}
# tree processors that treat atomic and ordinary text alike (or only touch headings and links)
KNOWN_TREE = {"inline", "prettify", "unescape", "toc", "attr_list", "relpath", "mkdocs_extract_title",
              "mkdocs_extract_anchors", "policykb_safe_links", "policykb_fast_list_items",
              "policykb_plain_text"}

# a following block that the ordinary parser would join to this list (indented text, another list)
_CONTINUES = re.compile(r"[ \t]|[*+-][ ]|\d+\.[ ]")
_ITEM = re.compile(r"- (?=\S)(.*\S)\Z")
# how an item's text may begin: a link, a letter (Chinese included) or a number that is not
# itself a list marker (`- 6. …` is a nested ordered list); anything else could open a block
_SAFE_START = re.compile(r"\[|[^\W\d_]|\d+(?![\d.)])")
_TOKEN = re.compile(
    r"\[((?:\\[^\n]|&(?:lt|gt|amp);|[^\\\[\]<>&*_`!{}\n])*)\]\(([^\s()<>\"'\\:`\[\]&]+)\)"  # [label](relative-href)
    r"|\\([^\n])"                                                      # backslash escape
    r"|&(lt|gt|amp);"                                                 # the entities esc() writes
    r"|([^\\\[\]<>&*_`!{}\n]+)")                                      # plain text
_LABEL_PART = re.compile(r"\\([^\n])|&(lt|gt|amp);|([^\\&]+)")
_ENTITY = {"lt": "<", "gt": ">", "amp": "&"}


class Declined(Exception):
    pass


class ParsedItem(util.AtomicString):
    """An item's Markdown text, kept as it is while blocks are parsed, with its parts already read.

    Later blocks may still change the list (a list that turns loose moves the item's text
    into a `<p>`, exactly this object); ItemTreeprocessor then builds the parts wherever the
    text ended up. Any code that rebuilds the string gets a plain str, which the inline
    parser then reads as ordinary Markdown: the result is the same either way."""

    parts: list

    def __new__(cls, raw: str, parts: list):
        obj = super().__new__(cls, raw)
        obj.parts = parts
        return obj


class ItemTreeprocessor(Treeprocessor):
    """Turn each ParsedItem into text and links, just before the inline pass."""

    def run(self, root):
        for elem in root.iter():
            if type(elem.tail) is ParsedItem:  # noqa: E721 - an item's text as some element's tail
                elem.tail = str(elem.tail)     # never happens in practice: leave it to the inline pass
            if type(elem.text) is not ParsedItem:  # noqa: E721
                continue
            parts, elem.text = elem.text.parts, None
            children, last = [], None
            for part in parts:
                if isinstance(part, tuple):
                    href, label = part
                    last = etree.Element("a", {"href": href})
                    last.text = util.AtomicString(label)
                    children.append(last)
                elif last is None:
                    elem.text = util.AtomicString((elem.text or "") + part)
                else:
                    last.tail = util.AtomicString((last.tail or "") + part)
            for i, child in enumerate(children):
                elem.insert(i, child)


class FastListProcessor(BlockProcessor):
    def __init__(self, parser, md):
        super().__init__(parser)
        self.md = md
        self._known: bool | None = None

    def _enabled(self) -> bool:
        if self._known is None:  # extensions are all registered before the first conversion
            self._known = (set(self.md.inlinePatterns._data) <= KNOWN_INLINE
                           and set(self.md.treeprocessors._data) <= KNOWN_TREE
                           and set(self.parser.blockprocessors._data) <= KNOWN_BLOCK)
        return self._known

    def test(self, parent, block: str) -> bool:
        return block.startswith("- ") and self._enabled()

    def run(self, parent, blocks):
        block = blocks[0]
        sibling = self.lastChild(parent)
        if (parent.tag in ("ul", "ol") or (sibling is not None and sibling.tag in ("ul", "ol"))
                or (len(blocks) > 1 and _CONTINUES.match(blocks[1]))
                or self.parser.state.isstate("looselist")):
            return False  # list continuations: the ordinary processor knows the rules
        try:
            items = [(line[2:], self._item(line)) for line in block.split("\n")]
        except Declined:
            return False
        blocks.pop(0)
        ul = etree.SubElement(parent, "ul")
        for raw, parts in items:
            etree.SubElement(ul, "li").text = ParsedItem(raw, parts)
        return True

    def _escape(self, char: str) -> str:
        if char not in self.md.ESCAPED_CHARS:
            raise Declined  # the parser would keep the backslash and go on parsing the character
        return f"{util.STX}{ord(char)}{util.ETX}"

    def _item(self, line: str) -> list:
        m = _ITEM.match(line)
        if not m:
            raise Declined
        text = m.group(1)
        if not _SAFE_START.match(text):
            raise Declined
        parts: list = []
        pos = 0
        for t in _TOKEN.finditer(text):
            if t.start() != pos:
                raise Declined  # a character no token takes (emphasis, code, HTML …)
            pos = t.end()
            label, href, escaped, entity, plain = t.groups()
            if href is not None:
                parts.append((href, self._label(label)))
            elif escaped is not None:
                parts.append(self._escape(escaped))
            elif entity is not None:
                parts.append(_ENTITY[entity])
            else:
                parts.append(plain)
        if pos != len(text):
            raise Declined
        return parts

    def _label(self, label: str) -> str:
        out = []
        for escaped, entity, plain in _LABEL_PART.findall(label):
            out.append(self._escape(escaped) if escaped else _ENTITY[entity] if entity else plain)
        return "".join(out)


# every inline pattern in KNOWN_INLINE needs one of these to match anything
_INLINE_TRIGGER = re.compile(r"[\\`\[<&*_]|  \n")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class PlainTextTreeprocessor(Treeprocessor):
    """Mark text in which no inline pattern can match as atomic, so the inline pass skips it.

    Most of a page is Chinese prose with no Markdown character at all; trying a dozen
    patterns on each paragraph, table cell and tail finds nothing. Headings are left
    alone (the table of contents reads them in its own way)."""

    def __init__(self, md, enabled):
        super().__init__(md)
        self.enabled = enabled

    def run(self, root):
        if not self.enabled():
            return
        trigger = _INLINE_TRIGGER.search
        for elem in root.iter():
            text = elem.text
            if text and type(text) is str and elem.tag not in _HEADINGS and not trigger(text):  # noqa: E721
                elem.text = util.AtomicString(text)
            tail = elem.tail
            if tail and type(tail) is str and not trigger(tail):  # noqa: E721
                elem.tail = util.AtomicString(tail)


class FastListsExtension(Extension):
    def extendMarkdown(self, md):
        # just above the ordinary list processors ('olist' 40, 'ulist' 30)
        processor = FastListProcessor(md.parser, md)
        md.parser.blockprocessors.register(processor, "policykb_fast_lists", 41)
        md.treeprocessors.register(ItemTreeprocessor(md), "policykb_fast_list_items", 21)  # before 'inline' (20)
        md.treeprocessors.register(PlainTextTreeprocessor(md, processor._enabled), "policykb_plain_text", 20.5)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's naming
    return FastListsExtension(**kwargs)
