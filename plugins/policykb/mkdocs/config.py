from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyKBConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """Folder of the YAML knowledge base, relative to mkdocs.yml."""
    profile = c.Choice(("public", "internal"), default="public")
    """public: entries marked `visibility: internal` are left out entirely."""
    nav_themes = c.Type(str, default="theme/index.md")
    """The nav item that is expanded into the theme hubs (with sub-themes)."""
    search = c.Type(bool, default=True)
    """Use policykb's Chinese and pinyin search (False: Material's default search)."""
    search_pinyin = c.Type(bool, default=True)
    """Index pinyin and initials of titles (False only to measure what they cost)."""
    compact_html = c.Type(bool, default=True)
    """Strip line indentation from the HTML pages (same rendering, about a third fewer bytes)."""
