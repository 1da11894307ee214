"""The editor schema (data/kb.schema.json): generated from the kinds, up to date, accepts
every bundled data file and rejects the schema-level cases of the bad-input corpus."""
from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT, build_knowledge_base
from policykb.core.exchange.schema import MAPPERS, schema_text
from policykb.core.model import fields
from policykb.core.model.kinds import KINDS

SCHEMA_FILE = ROOT / "data" / "kb.schema.json"
CORPUS = ROOT / "tests" / "bad_inputs"

# corpus cases an editor can flag from the schema alone → what the first error must name
SCHEMA_LEVEL = {
    "03-fullwidth-colon-list-item": "is not of type 'object'",
    "05-unknown-kind": "'measure' was unexpected",
    "06-top-level-list": "is not of type 'object'",
    "07-entry-not-a-mapping": "is not of type 'object'",
    "08-unknown-field": "'leader' was unexpected",
    "09-missing-required": "'answer' is a required property",
    "10-wrong-type-number": "hours",
    "11-wrong-type-list": "themes",
    "12-wrong-type-text": "name",
    "15-dangling-unit": "lead",            # unit ids are an enum
    "17-unknown-theme": "themes",          # theme ids are an enum
    "18-bad-date": "date",
    "20-id-with-path": "id",
    "21-id-with-slash": "id",
    "22-id-chinese": "id",
    "23-bad-choice": "level",
    "25-bad-reference-syntax": "related",
    "26-too-long-title": "title",
    "32-nested-unknown-subfield": "targets",
    "33-bad-visibility": "visibility",
    "34-wrong-kind-in-typed-ref": "partners",
}
# valid against the schema: only the checker sees these (other files, other kinds, content rules)
CHECKER_ONLY = ["13-duplicate-id-across-files", "16-dangling-xref-in-markdown", "19-impossible-date",
                "27-placeholder", "28-contact-data", "29-internal-referenced-by-public", "30-yaml-merge-key",
                "35-course-prerequisite-cycle"]
# not YAML at all: 01, 02, 04, 31; 14 (duplicate key) and 24 (theme cycle) fail the schema only by accident
# (a missing required field, a parent theme not in the data), so they are in neither list.


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""


EditorLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(validator, path: Path) -> list[jsonschema.ValidationError]:
    return list(validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)))


def test_committed_schema_is_up_to_date():
    kb, _ = build_knowledge_base(ROOT / "data", profile="internal", derive=False)
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(kb), \
        "data/kb.schema.json 已过时：运行 python3 scripts/schema.py"
    result = subprocess.run([sys.executable, str(ROOT / "scripts/schema.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_field_type_maps_itself():
    types = [c for _, c in inspect.getmembers(fields, inspect.isclass)
             if issubclass(c, fields.FieldType) and c is not fields.FieldType and c.__module__ == fields.__name__]
    assert types and [t.__name__ for t in types if t not in MAPPERS] == []


def test_schema_has_every_field_of_every_kind_with_chinese_titles():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for kind in KINDS.values():
        definition = schema["definitions"][kind.name]
        assert definition["title"] == kind.label
        assert list(definition["properties"]) == ["id", *kind.fields]
        assert definition.get("required", []) == [n for n, f in kind.fields.items() if f.required]
        for name, ftype in kind.fields.items():
            assert definition["properties"][name]["title"] == ftype.label
        assert schema["properties"][kind.plural]["items"] == {"$ref": f"#/definitions/{kind.name}"}
    kb, _ = build_knowledge_base(ROOT / "data", profile="internal", derive=False)
    assert schema["definitions"]["theme-id"]["enum"] == sorted(e.id for e in kb.of_kind("theme"))
    assert schema["definitions"]["unit-id"]["enum"] == sorted(e.id for e in kb.of_kind("unit"))


def test_every_data_file_validates(validator):
    files = sorted((ROOT / "data").rglob("*.yaml"))
    assert len(files) > 40
    bad = {f.relative_to(ROOT).as_posix(): [e.message for e in errors(validator, f)][:3] for f in files}
    assert {k: v for k, v in bad.items() if v} == {}


@pytest.mark.parametrize("case", sorted(SCHEMA_LEVEL))
def test_schema_level_bad_inputs_fail(validator, case):
    found = errors(validator, CORPUS / f"{case}.yaml")
    want = SCHEMA_LEVEL[case]
    assert any(want in e.message or want in [str(p) for p in e.path] for e in found), \
        [(list(e.path), e.message[:80]) for e in found]


@pytest.mark.parametrize("case", CHECKER_ONLY)
def test_checker_only_bad_inputs_pass_the_schema(validator, case):
    assert errors(validator, CORPUS / f"{case}.yaml") == []


def test_vscode_maps_data_files_to_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./data/kb.schema.json": ["data/**/*.yaml"]}
