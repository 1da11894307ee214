"""Text from YAML is untrusted: script in any text field of any kind never runs."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest
from conftest import FIXTURE, open_search, run_mkdocs, serve

from policykb.core.fields import AnyRef, Markdown, Record, RefTo, Text, TextList
from policykb.core.kinds import KINDS, FieldNames

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
