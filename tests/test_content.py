"""The bundled knowledge base: real content, complete, sourced, clean."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT, check

KB, PROBLEMS = check(ROOT / "data")
SEEDS = {"000_3b391962b9b5d88a.txt", "001_6e60e1604540f7ac.txt", "002_4d296b9e7bc61741.txt",
         "003_9be1f5150d786aa2.txt", "004_9602a03acf104fcd.txt"}
JUNK = re.compile(r"__|20xx|xx年|\*\*\*|www\.|http", re.I)


def in_theme(kind: str, theme: str) -> int:
    scope = set(KB.theme_descendants(theme))
    return sum(1 for e in KB.of_kind(kind) if scope.intersection(e.themes))


def test_bundled_data_has_no_problems():
    assert [p.format() for p in PROBLEMS.items] == []


@pytest.mark.parametrize("kind, minimum", [("measure", 80), ("case", 25), ("qa", 80), ("module", 12),
                                           ("policy", 20), ("unit", 30), ("course", 3), ("glossary", 15)])
def test_minimum_counts(kind, minimum):
    assert len(KB.of_kind(kind)) >= minimum


@pytest.mark.parametrize("theme", ["sanzhi-ronghe", "xinli-fuwu", "cunwu-jiandu"])
@pytest.mark.parametrize("kind, minimum", [("measure", 15), ("case", 5), ("qa", 15), ("module", 3)])
def test_minimums_of_the_three_main_themes(theme, kind, minimum):
    assert in_theme(kind, theme) >= minimum


def test_every_theme_has_entries():
    empty = [t.id for t in KB.of_kind("theme")
             if not any(in_theme(k, t.id) for k in ("measure", "case", "module", "qa"))]
    assert empty == []


def test_every_entry_records_its_seed_document_and_article():
    missing = [e.ref for e in KB.entries.values() if not e.data.get("source")]
    assert missing == []
    for entry in KB.entries.values():
        for source in entry.data["source"]:
            assert source["doc"] in SEEDS and source["article"].strip(), entry.ref


def test_no_placeholder_or_web_junk_in_any_text():
    found = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
            if JUNK.search(text):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:60]}")
    assert found == []


def test_no_personal_contact_data():
    phone = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|\d{3,4}-\d{7,8}|@[\w-]+\.")
    found = [f"{p.name}:{n}" for p in (ROOT / "data").rglob("*.yaml")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if phone.search(line)]
    assert found == []


def test_entries_are_cross_linked():
    linked = {link.source for link in KB.links} | {link.target for link in KB.links}
    for kind in ("measure", "case", "module", "qa"):
        entries = KB.of_kind(kind)
        unlinked = [e.id for e in entries if e.key not in linked]
        assert len(unlinked) <= len(entries) // 10, (kind, unlinked[:10])


def test_readme_counts_are_generated_and_current():
    import subprocess
    import sys
    table = subprocess.run([sys.executable, str(ROOT / "scripts" / "counts.py")], capture_output=True,
                           text=True, check=True).stdout.strip()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"<!-- counts:start -->\n{table}\n<!-- counts:end -->" in readme
