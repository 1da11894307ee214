"""Markdown extensions the engine runs on generated pages: HTML safety (safelinks) and fast link lists."""
