"""Stage 2, link: resolve references and [[kind:id]] cross-references, build backlinks, select the visible entries."""
