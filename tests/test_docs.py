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
