"""Engine-independent core: load → validate → link → render page sources.

One package per stage: model (kinds, fields, entries) → load → link → render, search → site
(what an engine needs for one build); lang (pinyin) is shared by all, markdown holds the Markdown
extensions, exchange the ledgers, downloads, schema and plan import. tests/test_shape.py keeps it so.
"""
from .model.entries import Entry, KnowledgeBase
from .model.problems import Problem, Problems
from .pipeline import build_knowledge_base

__all__ = ["Problem", "Problems", "Entry", "KnowledgeBase", "build_knowledge_base"]
