"""Text from YAML is untrusted: script in any text field of any kind never runs."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest
from conftest import FIXTURE, open_search, run_mkdocs, serve
from policykb.core.model.fields import AnyRef, Markdown, Record, RefTo, Text, TextList
from policykb.core.model.kinds import KINDS, FieldNames

PAYLOADS = [
    '<script>window.__pwned = "script"</script>',
    '<img src=x onerror="window.__pwned = \'img\'">',
    '[点我](javascript:window.__pwned="link")',
    '[点我](javascript&colon;window.__pwned="entity")',
    '[点我](&#106;avascript&#58;window.__pwned="numeric")',
    '<a href="javascript:window.__pwned=\'a\'">链接</a>',
    '<b onclick="window.__pwned=\'b\'">粗体</b>',
    'x{ onclick="window.__pwned=\'attr\'" }',
    '<iframe src="javascript:window.parent.__pwned=\'iframe\'"></iframe>',
]
REFS = {"theme": "cunwu-jiandu", "unit": "xian-minzhengju", "policy": "cunweihui-zuzhifa",
        "measure": "cw-xuanju", "module": "cw-peixun-zhize", "course": "kc-cunganbu"}


def payload_value(ftype, payload: str):
    if isinstance(ftype, FieldNames):
        return ["tags"]  # only names of the entry's own fields are valid; editor_note carries the payload
    if isinstance(ftype, Markdown):
        return f"正文 {payload}\n\n- 列表 {payload}\n"
    if isinstance(ftype, Text):
        return f"文本 {payload}"[: ftype.max_length]
    if isinstance(ftype, TextList):
        return [f"项 {payload}"[:40]]
    if isinstance(ftype, RefTo):
        return REFS[ftype.kind] if ftype.single else [REFS[ftype.kind]]
    if isinstance(ftype, AnyRef):
        return ["measure:cw-xuanju"]
    if isinstance(ftype, Record):
        item = {name: payload_value(sub, payload) for name, sub in ftype.fields.items()
                if isinstance(sub, Text) and not isinstance(sub, Markdown)}
        return [item] if ftype.many else item
    return None


def evil_data() -> dict:
    import yaml
    files = {}
    for n, (name, kind) in enumerate(KINDS.items()):
        entries = []
        for i, payload in enumerate(PAYLOADS):
            entry = {"id": f"evil-{i}"}
            for field, ftype in kind.fields.items():
                if field in ("visibility", "order", "year", "hours", "date", "deadline", "level", "parent"):
                    continue
                value = payload_value(ftype, payload)
                if value is not None:
                    entry[field] = value
            if name == "module":
                entry["hours"] = 2
            if name == "source" or "source" in entry:
                entry["source"] = {"doc": f"文件{payload}"[:100], "article": "篇"}
            entries.append(entry)
        files[f"evil-{n}.yaml"] = yaml.safe_dump({kind.plural: entries}, allow_unicode=True)
    return files


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("evil") / "kb"
    shutil.copytree(FIXTURE, project)
    for name, text in evil_data().items():
        (project / "data" / name).write_text(text, encoding="utf-8")
    result = run_mkdocs(project)  # not strict: the payloads trip the junk lint, which only warns
    assert result.returncode == 0, result.stderr
    return project / "site"


class _Elements(HTMLParser):
    """Elements and attributes a payload would need, anywhere in the document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self._script = [], False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed"):
            self.bad.append(tag)
        self._script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or value.startswith(("javascript:", "vbscript:")):
                self.bad.append(f"{tag} {name}={value}")
            if name == "src" and tag in ("img", "script") and "pwned" in value:
                self.bad.append(f"{tag} src={value}")

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "pwned" in data:
            self.bad.append("inline script with the payload")


def test_no_raw_payload_reaches_any_page(evil_site):
    pages = [p for kind in KINDS.values() for p in (evil_site / kind.url_dir).glob("evil-*/index.html")]
    assert len(pages) == len(KINDS) * len(PAYLOADS)
    for page in [*pages, evil_site / "index.html", evil_site / "pinyin" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(html)
        assert parser.bad == [], page


def test_no_injected_script_runs_in_the_browser(browser, evil_site):
    base, server = serve(evil_site)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for kind in KINDS.values():
            for i in range(len(PAYLOADS)):
                page.goto(f"{base}{kind.url_dir}/evil-{i}/")
                for link in page.locator("article a").all()[:30]:
                    href = link.get_attribute("href") or ""
                    assert not href.strip().lower().startswith("javascript")
                page.mouse.click(400, 300)
                assert page.evaluate("window.__pwned") is None, f"{kind.name} evil-{i}"
        page.goto(base)
        page.wait_for_load_state("networkidle")
        open_search(page).type("script")
        page.wait_for_timeout(800)
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()
        server.shutdown()
    assert dialogs == []


# ---------------------------------------------------------------- Markdown shapes in every Markdown field

def _js(n: int) -> str:
    return f"alert('pwn{n}');window.__pwned='s{n}'"


def markdown_shapes() -> list[str]:
    """Shapes that fool a line-based escaper: fences, code spans, indentation, entities, attr_list, links."""
    shapes = [
        # the three from issue 17: a ``` line that is inline code, then raw HTML on the next line;
        "```inline``` code\n<img src=x onerror=\"{js}\">",
        # a backslash-escaped backtick before raw HTML that looks as if inside a code span;
        "text \\`not code <img src=x onerror=\"{js}\">`",
        # a four-space-indented backtick line (an indented code block, not a fence), then <script>
        "    ```\n<script>{js}</script>",
        "```\ncode\n```\n<img src=x onerror=\"{js}\">",
        "~~~\nunclosed tilde fence\n\n<script>{js}</script>",
        "`` ` `` <img src=x onerror=\"{js}\">",
        "````\n```\n<img src=x onerror=\"{js}\">\n````\n<svg onload=\"{js}\"></svg>",
        "&lt;img src=x onerror=\"{js}\"&gt; &#60;script&#62;{js}&#60;/script&#62;",
        "<!-- comment --><script>{js}</script>",
        "<div markdown=\"1\"><img src=x onerror=\"{js}\"></div>",
        "\n\n<iframe srcdoc=\"<script>parent.{js}</script>\"></iframe>\n\n",
        "- item <svg onload=\"{js}\"></svg>\n- `code` <img src=x onerror=\"{js}\">",
        "> quote <img src=x onerror=\"{js}\">",
        "| a | b |\n|---|---|\n| <img src=x onerror=\"{js}\"> | `x` |",
        "!!! note \"<img src=x onerror=\\\"{js}\\\">\"\n    body <b onmouseover=\"{js}\">b</b>",
        "## <img src=x onerror=\"{js}\"> heading\n\ntext",
        "段落\n{{: style=\"position:fixed;top:0;left:0;width:100vw;height:100vh;background:red;z-index:9999\" }}",
        "段落 {{: onclick=\"{js}\" style=\"color:red\" }}",
        "[外链](//evil.example/x) [反斜杠](/\\evil.example/y) [绝对](https://evil.example/z) <https://evil.example/>",
        "![外图](//evil.example/a.png) ![](https://evil.example/b.png)",
        "[点我](javascript:{js}) [点我](java&#115;cript:{js}) [点我](&#x6A;avascript&#x3A;{js})",
        "[[measure:cw-xuanju|<img src=x onerror=\"{js}\">]]",
        "[标题](x.md \"<img src=x onerror={js}>\")",
        "```html\n<script>{js}</script>\n```",
        "\t<script>{js}</script>",
        "text\\\n<img src=x onerror=\"{js}\">",
        "*emphasis <img src=x onerror=\"{js}\">*",
        # an id that shadows Material's own configuration element (its scripts would stop on the page)
        "段落三\n{{: #__config }}\n\n段落四 {{: #__search name=__drawer }}",
    ]
    return [shape.format(js=_js(n)) for n, shape in enumerate(shapes)]


def shape_data() -> dict[str, str]:
    import yaml
    files = {}
    for name, kind in KINDS.items():
        if not any(isinstance(f, Markdown) for f in kind.fields.values()):
            continue
        entries = []
        for i, shape in enumerate(markdown_shapes()):
            entry = {"id": f"shape-{i}"}
            for field, ftype in kind.fields.items():
                if field in ("visibility", "order", "year", "date", "deadline", "level", "parent"):
                    continue
                value = shape if isinstance(ftype, Markdown) else payload_value(ftype, "普通文字")
                if value is not None:
                    entry[field] = value
            if name == "module":
                entry["hours"] = 2
            entries.append(entry)
        files[f"shapes-{name}.yaml"] = yaml.safe_dump({kind.plural: entries}, allow_unicode=True)
    return files


@pytest.fixture(scope="module")
def shape_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("shapes") / "kb"
    shutil.copytree(FIXTURE, project)
    for name, text in shape_data().items():
        (project / "data" / name).write_text(text, encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def shape_pages(site):
    return [(kind, i, site / kind.url_dir / f"shape-{i}" / "index.html")
            for kind in KINDS.values() if any(isinstance(f, Markdown) for f in kind.fields.values())
            for i in range(len(markdown_shapes()))]


class _Article(HTMLParser):
    """What a data field could smuggle into the page's article: script, handlers, style, off-site URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("script", "iframe", "object", "embed", "svg", "style"):
            self.bad.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                self.bad.append(f"{tag} {name}")
            if name == "style" and not value.replace(" ", "").rstrip(";").startswith("text-align:"):
                self.bad.append(f"{tag} style={value}")
            if name in ("id", "name") and value.startswith("__"):
                self.bad.append(f"{tag} {name}={value}")  # Material finds its own elements by these ids
            if name in ("href", "src") and (value.startswith(("javascript", "//", "/\\", "http:", "https:"))
                                            or "evil.example" in value):
                self.bad.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


def test_no_markdown_shape_smuggles_html_into_a_page(shape_site):
    pages = shape_pages(shape_site)
    assert len(pages) >= 8 * 25
    for kind, i, page in pages:
        html = page.read_text(encoding="utf-8")
        parser = _Article()
        parser.feed(html)
        assert parser.bad == [], f"{kind.name} shape-{i}: {markdown_shapes()[i]!r}"


def test_raw_html_from_data_shows_as_text(shape_site):
    """Raw HTML in a data field is not dropped silently: the reader sees it as written."""
    html = (shape_site / "measure" / "shape-2" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in html


def test_no_markdown_shape_runs_in_the_browser(browser, shape_site):
    base, server = serve(shape_site)
    page = browser.new_page()
    dialogs, console = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text) if "pwn" in m.text else None)
    page.on("pageerror", lambda e: console.append(str(e)) if "pwn" in str(e) else None)
    try:
        for kind, i, _ in shape_pages(shape_site):
            page.goto(f"{base}{kind.url_dir}/shape-{i}/", wait_until="load")
            page.mouse.move(300, 300)
            page.mouse.click(300, 300)
            assert page.evaluate("window.__pwned") is None, f"{kind.name} shape-{i}"
            assert page.evaluate("document.getElementById('__config').tagName") == "SCRIPT", f"{kind.name} shape-{i}"
            covered = page.evaluate("""() => [...document.querySelectorAll('article [style]')]
                .map(e => e.getAttribute('style')).filter(s => !/^text-align:\\s*\\w+;?$/.test(s))""")
            assert covered == [], f"{kind.name} shape-{i}"
            off_site = page.evaluate("""() => [...document.querySelectorAll('article a[href], article img[src]')]
                .map(e => e.href || e.src).filter(u => !u.startsWith(location.origin))""")
            assert off_site == [], f"{kind.name} shape-{i}"
    finally:
        page.close()
        server.shutdown()
    assert dialogs == [] and console == []


# ---------------------------------------------------------------- titles from data never become HTML

HOSTILE_TERM = """
glossary:
  - id: jiandu-xiaozu
    term: 监督小组
    definition: '小组<img src=x onerror="window.__pwned=1">成员'
    themes: [cunwu-jiandu]
measures:
  - id: xiaozu-jiandu
    title: 由监督小组<img src=x onerror="window.__pwned=2">监督村务并形成制度化的定期报告以便群众了解和参与
    themes: [cunwu-jiandu]
    summary: 监督小组每月检查一次村务公开情况。
    body: 见 [说明](../cw-zucheng.md "<img src=x onerror=window.__pwned=3>")，监督小组负责记录。
"""


def hover_all(page, selector: str, limit: int = 100, wait: int = 400) -> int:
    """Hover every visible element that matches (tooltips open on hover); returns how many were hovered."""
    from playwright.sync_api import Error
    hovered = 0
    for element in page.locator(selector).all()[:limit]:
        try:
            if element.is_visible():
                element.hover(timeout=2000)
                page.wait_for_timeout(wait)  # a tooltip opens after a short delay
                hovered += 1
        except Error:
            continue  # off-screen or covered (the header logo on a narrow page, say)
    return hovered


def test_titles_from_data_stay_text_when_hovered(browser, tmp_path):
    """Glossary definitions (term tooltips), link titles and long entry titles become title attributes;
    hovering them must never turn their text into HTML (Material's content.tooltips did)."""
    project = tmp_path / "kb"
    shutil.copytree(FIXTURE, project)
    (project / "data" / "hostile-titles.yaml").write_text(HOSTILE_TERM, encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "measure" / "xiaozu-jiandu" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-term"' in html and "title=" in html  # the term is marked, its definition in a title
    base, server = serve(project / "site")
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    try:
        page.goto(f"{base}measure/xiaozu-jiandu/", wait_until="networkidle")
        assert hover_all(page, "[title], .md-ellipsis") >= 3
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('.md-tooltip').length") == 0
    finally:
        page.close()
        server.shutdown()


def test_the_build_refuses_material_tooltips(kb_dir):
    config = kb_dir / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  features:\n", "  features:\n    - content.tooltips\n", 1), encoding="utf-8")
    assert "content.tooltips" in config.read_text(encoding="utf-8")
    result = run_mkdocs(kb_dir)
    assert result.returncode != 0
    assert "theme.features 不能含 `content.tooltips`" in result.stdout + result.stderr
    assert not (kb_dir / "site" / "index.html").exists()
