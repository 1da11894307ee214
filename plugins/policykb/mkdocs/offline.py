"""Keep the built site free of requests to the internet, and usable from disk.

- Polyfills Material would fetch from unpkg.com at run time (ResizeObserver on
  old browsers, Mermaid for diagrams, iframe-worker for search from file://)
  are served from the site itself, loaded before Material's bundle.
- The URLs in Material's bundle are rewritten to those local copies, so no
  latent external address is left in any asset; source maps are dropped.
(Material's unused search worker and Lunr are removed by search.remove_material_search.)
"""
from __future__ import annotations

import glob
import os
import re
from importlib import resources

VENDOR = "assets/policykb/vendor"
POLYFILLS = {  # loaded in <head>, before Material's bundle, in this order
    "resize-observer-polyfill-1.5.1.js": "resize-observer-polyfill",
    "mermaid-offline.js": "mermaid",
    "iframe-worker-shim-1.0.4.js": "iframe-worker",
}
LICENSES = ["resize-observer-polyfill.LICENSE", "iframe-worker.LICENSE"]
UNPKG = re.compile(r"https://unpkg\.com/([A-Za-z0-9@._/-]+)")


def vendor_files() -> dict[str, str]:
    """{site path: content} of the local copies."""
    base = resources.files("policykb").joinpath("assets", "vendor")
    return {f"{VENDOR}/{name}": base.joinpath(name).read_text(encoding="utf-8")
            for name in [*POLYFILLS, *LICENSES]}


def add_polyfills(config) -> None:
    """Our local polyfills first; remote copies of the same ones (Material's offline
    plugin adds iframe-worker from unpkg.com) are dropped."""
    polyfills = config.extra.get("polyfills") or []
    ours = [f"{VENDOR}/{name}" for name in POLYFILLS]
    others = [p for p in polyfills if p not in ours and not any(k in str(p) for k in POLYFILLS.values())]
    config.extra["polyfills"] = ours + others


def _local(package: str) -> str | None:
    for name, wanted in POLYFILLS.items():
        if package.startswith(wanted):
            return f"{VENDOR}/{name}"
    return None


def localise_assets(site_dir: str) -> list[str]:
    """Rewrite unpkg.com URLs in Material's scripts; return URLs it could not place."""
    unknown = []
    for path in glob.glob(os.path.join(site_dir, "assets", "javascripts", "*.js")):
        with open(path, encoding="utf-8") as f:
            text = f.read()

        def swap(m: re.Match) -> str:
            local = _local(m.group(1))
            if local is None:
                unknown.append(m.group(0))
                return m.group(0)
            return local  # never requested: the polyfill in <head> defines the global first
        new = UNPKG.sub(swap, text)
        if new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    for path in glob.glob(os.path.join(site_dir, "assets", "**", "*.map"), recursive=True):
        os.remove(path)
    return unknown
