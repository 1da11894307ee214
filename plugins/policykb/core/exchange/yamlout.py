"""Entries written as YAML data files (imports from ledgers and documents)."""
from __future__ import annotations

import yaml

from ..model.kinds import BY_PLURAL, KINDS


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def kinds_yaml(by_kind: dict[str, list[dict]], origin: str, tool: str = "scripts/sheets.py") -> str:
    """YAML text of entries grouped by kind, kinds in the order of kinds.py."""
    head = f"# 由 {tool} 从 {origin} 导入；可直接编辑。\n"
    doc = {k.plural: by_kind[name] for name, k in KINDS.items() if by_kind.get(name)}
    return head + yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=1000, default_flow_style=None)


def to_yaml(entries: list[dict], origin: str, plural: str = "measures") -> str:
    return kinds_yaml({BY_PLURAL[plural].name: entries}, origin, "scripts/import_measures.py")
