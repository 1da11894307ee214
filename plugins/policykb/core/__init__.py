"""Engine-independent core: load → validate → link → render page sources."""
from .model.entries import Entry, KnowledgeBase
from .model.problems import Problem, Problems
from .pipeline import build_knowledge_base

__all__ = ["Problem", "Problems", "Entry", "KnowledgeBase", "build_knowledge_base"]
