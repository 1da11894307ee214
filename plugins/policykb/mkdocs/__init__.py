"""The MkDocs adapter of policykb (also loaded unchanged by ProperDocs)."""
