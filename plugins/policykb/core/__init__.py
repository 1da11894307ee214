"""Engine-independent core: load → validate → link → render page sources."""
from .problems import Problem, Problems
from .model import Entry, KnowledgeBase
from .pipeline import build_knowledge_base

__all__ = ["Problem", "Problems", "Entry", "KnowledgeBase", "build_knowledge_base"]
