"""Which generated pages a build shard writes (scripts/build_parallel.py runs N shards).

Shard 0 writes every generated page and file that is no entry page (hubs, indexes, views,
handouts, assets, exports); the entry pages are dealt out among the shards so that each
has about the same work: shard 0 takes a smaller share, by EXTRA_WORK. Hand-written pages
are written by every shard (they are few, and the nav needs them).
"""
from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field

from ..model.entries import KnowledgeBase
from ..model.kinds import THEME
from ..search import SearchDoc

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
# shard 0's other pages and the exports cost about this fraction of converting all entry pages
# (measured at 10,000 generated entries: about 37 s against 150 s of CPU, scripts/bench.py --jobs)
EXTRA_WORK = 0.25


def entry_shares(count: int, extra: float = EXTRA_WORK) -> list[float]:
    """Fraction of the entry pages each of `count` shards converts (they sum to 1)."""
    if count == 1:
        return [1.0]
    first = max(0.0, (1 + extra) / count - extra)
    return [first] + [(1 - first) / (count - 1)] * (count - 1)


def deal(items: list, shares: list[float]) -> list[int]:
    """The shard of each item, dealt in turn so that every prefix follows the shares (deterministic)."""
    given = [0] * len(shares)
    out = []
    for _ in items:
        shard = min((s for s, w in enumerate(shares) if w > 0), key=lambda s: ((given[s] + 1) / shares[s], s))
        given[shard] += 1
        out.append(shard)
    return out


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
        owner = dict(zip(entries, deal(entries, entry_shares(self.count))))
        return {uri for uri in generated if owner.get(uri, 0) == self.index}


SHARD_FILE = ".policykb-shard.pickle"  # what a shard leaves in its site folder for the merge


@dataclass
class ShardRecord:
    """What a shard leaves for the merge: its pages' search documents with their index terms
    (tokenised in the shard, see core.search.index.doc_terms), the search words and options,
    and the output path of every page of the site (to check the merged site is complete)."""
    docs: list[SearchDoc]
    words: list[str]
    search: bool
    pinyin: bool
    pages: list[str]
    terms: dict = field(default_factory=dict)

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes) -> ShardRecord:
        """A record written by dumps() in this build (our own temporary file, never user data)."""
        record = pickle.loads(data)  # noqa: S301
        if not isinstance(record, cls):
            raise ValueError("not a shard record")
        return record
