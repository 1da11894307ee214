"""Reading built pages with the standard library's HTML parser."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.headings = [], set(), []
        self.in_article = 0
        self._heading = None
        self._text = []
        self.article_text = []
        self.srcs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            self.in_article += 1
        if tag == "a" and a.get("href") is not None:
            self.links.append((a["href"], bool(self.in_article)))
        for attr in ("src", "href"):
            if tag in ("script", "img", "link", "iframe") and a.get(attr):
                self.srcs.append(a[attr])
        if tag in ("h1", "h2", "h3", "h4") and self.in_article:
            self._heading, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == self._heading:
            self.headings.append((tag, "".join(self._text).replace("¶", "").strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text.append(data)
        if self.in_article:
            self.article_text.append(data)


class Page:
    def __init__(self, site: Path, path: str):
        self.site, self.path = site, path
        self.file = site / path
        self.html = self.file.read_text(encoding="utf-8")
        c = _Collector()
        c.feed(self.html)
        self.all_links = [h for h, _ in c.links]
        self.content_links = [h for h, inside in c.links if inside]
        self.ids, self.headings, self.srcs = c.ids, c.headings, c.srcs
        self.text = "".join(c.article_text)

    def resolve(self, href: str) -> tuple[Path | None, str]:
        """The built file a relative link points to, and its fragment."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None, ""
        if not parts.path:
            return self.file, unquote(parts.fragment)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), unquote(parts.path)))
        file = self.site / target
        if href.split("#")[0].endswith("/") or file.is_dir():
            file = file / "index.html"
        return file, unquote(parts.fragment)

    def content_targets(self) -> set[str]:
        """Site paths (…/index.html) of the pages linked from the article."""
        out = set()
        for href in self.content_links:
            file, _ = self.resolve(href)
            if file is not None and file != self.file:
                out.add(file.relative_to(self.site).as_posix())
        return out
