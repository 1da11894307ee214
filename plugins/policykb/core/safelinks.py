"""A Markdown extension that removes unsafe links and external images.

Links with script-carrying schemes (javascript:, vbscript:, data:) lose their
href; images from outside the site are dropped, because the intranet has no
internet and a page must not try to fetch from it.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)


def _clean(value: str) -> str:
    # the browser decodes character references in the attribute (`javascript&colon;`, `&#106;`,
    # which Markdown writes out as they are) and ignores control characters and whitespace in a scheme
    return re.sub(r"[\x00-\x20]", "", html.unescape(value))


class SafeLinksTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a" and UNSAFE_SCHEME.match(_clean(child.get("href", ""))):
                    child.tag = "span"  # keep the text, drop the link
                    del child.attrib["href"]
                elif child.tag == "img" and EXTERNAL.match(_clean(child.get("src", ""))):
                    parent.remove(child)
                for attr in [a for a in child.attrib if a.lower().startswith("on")]:
                    del child.attrib[attr]  # attr_list could otherwise add onclick=…


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(SafeLinksTreeprocessor(md), "policykb_safe_links", 1)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's naming
    return SafeLinksExtension(**kwargs)
