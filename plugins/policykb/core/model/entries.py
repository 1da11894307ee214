"""Domain objects: an entry and the knowledge base that holds them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .fields import Ref
from .kinds import KINDS, Kind


@dataclass
class Entry:
    kind: Kind
    id: str
    data: dict[str, Any]      # checked, normalised field values
    path: str                 # data file, relative to the data directory's parent
    line: int                 # line of the entry's first field
    field_lines: dict[str, int] = field(default_factory=dict)
    block_fields: set = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.name, self.id)

    @property
    def ref(self) -> str:
        return f"{self.kind.name}:{self.id}"

    @property
    def title(self) -> str:
        return self.data.get(self.kind.title_field) or self.id

    @property
    def summary(self) -> str:
        return self.data.get(self.kind.summary_field, "") if self.kind.summary_field else ""

    @property
    def teaser(self) -> str:
        """A short plain text that says what the entry is: its summary, else its first text."""
        if self.summary:
            return self.summary
        for name, ftype in self.kind.fields.items():
            value = self.data.get(name)
            if ftype.show == "section" and isinstance(value, str):
                return " ".join(re.sub(r"[#*_`>\[\]|]", " ", value).split())[:200]
        return ""

    @property
    def src_uri(self) -> str:
        """The page's source path inside the site (MkDocs' docs_dir)."""
        return f"{self.kind.url_dir}/{self.id}.md"

    @property
    def visibility(self) -> str:
        return self.data.get("visibility", "public")

    @property
    def is_draft(self) -> bool:
        return self.data.get("status") == "draft"

    @property
    def themes(self) -> list[str]:
        return [r.id for r in self.data.get("themes") or []]

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass(frozen=True)
class Link:
    """A resolved edge of the reference graph: source entry → target entry."""

    source: tuple[str, str]
    target: tuple[str, str]
    field: str          # field name, or "" for a cross-reference inside Markdown text


@dataclass
class KnowledgeBase:
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    backlinks: dict[tuple[str, str], list[Link]] = field(default_factory=dict)
    updated: dict[tuple[str, str], str] = field(default_factory=dict)  # key → last commit date
    _by_kind: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # derived views, filled by the renderer

    def get(self, kind: str, id: str) -> Entry | None:
        return self.entries.get((kind, id))

    def add(self, entry: Entry) -> None:
        self.entries[entry.key] = entry
        self._by_kind.setdefault(entry.kind.name, []).append(entry)

    def of_kind(self, kind: str) -> list[Entry]:
        return list(self._by_kind.get(kind, ()))

    def resolve(self, ref: Ref) -> Entry | None:
        return self.entries.get((ref.kind, ref.id))

    def theme_descendants(self, theme_id: str) -> list[str]:
        """The theme and all its sub-themes, depth first."""
        out, stack = [], [theme_id]
        while stack:
            tid = stack.pop()
            if tid in out:
                continue
            out.append(tid)
            stack.extend(sorted(e.id for e in self.of_kind("theme")
                                if (p := e.data.get("parent")) and p.id == tid))
        return out


__all__ = ["Entry", "Link", "KnowledgeBase", "KINDS"]
