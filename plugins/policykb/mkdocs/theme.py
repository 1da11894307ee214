"""What the adapter adds to the theme: our scripts and stylesheet, the offline polyfills and,
with policykb's search, the patch of Material's search (search.py) — in the config, and as files."""
from __future__ import annotations

from ..core.site.assets import SCRIPTS, STYLES, page_assets
from . import offline, search


def configure(config, our_search: bool) -> None:
    """Scripts, stylesheet and polyfills in the MkDocs config (each once)."""
    offline.add_polyfills(config)
    if our_search:
        search.configure(config)
    config.extra_javascript.extend([s for s in SCRIPTS if s not in config.extra_javascript])
    if STYLES not in config.extra_css:
        config.extra_css.append(STYLES)


def files(our_search: bool) -> dict[str, str]:
    """{site path: content} of those files."""
    return {**(search.files() if our_search else {}), **offline.vendor_files(), **page_assets()}
