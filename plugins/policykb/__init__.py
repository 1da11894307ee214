"""policykb: a knowledge-base site generator for policy and practice guides.

`policykb.core` loads, validates, links and renders YAML entries and knows
nothing of MkDocs; `policykb.mkdocs` is the thin MkDocs plugin adapter.
"""
