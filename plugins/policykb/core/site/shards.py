"""Which generated pages a build shard writes (scripts/build_parallel.py runs N shards).

Shard i of N writes every i-th entry page (in path order); shard 0 also writes all
other generated pages and files (hubs, indexes, views, handouts, assets, exports).
Hand-written pages are written by every shard (they are few, and the nav needs them).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from ..model.kinds import THEME
from ..model.entries import KnowledgeBase
from ..search import SearchDoc

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """`i/N` with 0 ≤ i < N; ValueError (in Chinese) otherwise."""
        m = _SPEC.match(text or "")
        if not m or not int(m.group(1)) < int(m.group(2)):
            raise ValueError(f"分片设置 `{text}` 不正确：应写成 i/N（0 ≤ i < N），例如 0/2。")
        return cls(int(m.group(1)), int(m.group(2)))

    def pages(self, kb: KnowledgeBase, generated: list[str]) -> set[str]:
        """The generated paths (pages and files) this shard writes."""
        entries = sorted(e.src_uri for e in kb.entries.values() if e.kind.name != THEME)
        order = {uri: i for i, uri in enumerate(entries)}
        return {uri for uri in generated
                if (order[uri] % self.count == self.index if uri in order else self.index == 0)}


SHARD_FILE = ".policykb-shard.json"  # what a shard leaves in its site folder for the merge


@dataclass
class ShardRecord:
    """What a shard leaves for the merge: its pages' search documents, the search words and options,
    and the output path of every page of the site (to check the merged site is complete)."""
    docs: list[SearchDoc]
    words: list[str]
    search: bool
    pinyin: bool
    pages: list[str]

    def dumps(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> ShardRecord:
        data = json.loads(text)
        return cls(**{**data, "docs": [SearchDoc(**d) for d in data["docs"]]})
