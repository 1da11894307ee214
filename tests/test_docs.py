"""The examples in the authoring docs are valid entries of the current schema."""
import re

from conftest import ROOT, check
from policykb.core.model.kinds import KINDS

SCHEMA_DOC = ROOT / "docs" / "authoring" / "schema.md"


def test_schema_doc_has_a_valid_example_per_kind(tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", SCHEMA_DOC.read_text(encoding="utf-8"), re.S)
    examples = [b for b in blocks if re.match(r"^[a-z]+:\n  - id:", b)]
    data = tmp_path / "data"
    data.mkdir()
    for i, block in enumerate(examples):
        (data / f"example{i}.yaml").write_text(block, encoding="utf-8")
    kb, problems = check(data)
    assert {e.kind.name for e in kb.entries.values()} == set(KINDS)
    other = [p.format() for p in problems.items if "不存在" not in p.message]
    assert other == []


def test_schema_doc_documents_every_field():
    sections = re.split(r"^## ", SCHEMA_DOC.read_text(encoding="utf-8"), flags=re.M)
    for kind in KINDS.values():
        section, = [s for s in sections if s.splitlines()[0].endswith(f"`{kind.plural}`")]
        for name in kind.fields:
            assert f"`{name}`" in section, (kind.name, name)


def test_module_paths_named_in_the_readme_and_docs_exist():
    """Code paths and dotted module names in README.md and docs/ follow the code when it moves."""
    import importlib.util
    core = ROOT / "plugins" / "policykb" / "core"
    texts = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]}
    missing = []
    for name, text in texts.items():
        missing += [f"{name}: {m}" for m in re.findall(r"plugins/policykb/[\w/]*\w(?:\.py)?", text)
                    if not (ROOT / m).exists()]
        missing += [f"{name}: {m}" for m in re.findall(r"\bpolicykb(?:\.\w+)+", text)
                    if importlib.util.find_spec(m) is None]
    # the README's 目录 table: a row per core package, naming modules of that package
    rows = re.findall(r"^\| `(?:plugins/policykb/)?core/(\w*)/?` \| (.*) \|$", texts["README.md"], re.M)
    missing += [f"README.md: core/{package}/{m}" for package, row in rows
                for m in re.findall(r"`(\w+\.py)`", row) if not (core / package / m).exists()]
    packages = {p.name for p in core.iterdir() if (p / "__init__.py").exists()}
    missing += [f"README.md: no row for core/{name}/" for name in sorted(packages - {name for name, _ in rows})]
    assert missing == []
