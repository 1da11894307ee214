"""Engine-independent core: load → validate → link → render page sources."""
from .model import Entry, KnowledgeBase
from .pipeline import build_knowledge_base
from .problems import Problem, Problems

__all__ = ["Problem", "Problems", "Entry", "KnowledgeBase", "build_knowledge_base"]
