"""The stylesheet and scripts every generated site carries (files under plugins/policykb/assets/)."""
from __future__ import annotations

from importlib import resources

TABLES = "assets/policykb/tables.js"
A11Y = "assets/policykb/a11y.js"  # 适老化: text size and high-contrast controls; old-core fallbacks
STYLES = "assets/policykb/kb.css"  # styles of the generated pages: tables, charts, handouts and their print rules
SCRIPTS = [TABLES, A11Y]  # in the order the pages load them


def asset(name: str) -> str:
    """Text of plugins/policykb/assets/<name>."""
    return resources.files("policykb").joinpath("assets", name).read_text(encoding="utf-8")


def page_assets() -> dict[str, str]:
    """{site path: content} of the stylesheet and scripts."""
    return {TABLES: asset("tables.js"), A11Y: asset("a11y.js"), STYLES: asset("kb.css")}
