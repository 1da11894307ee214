#!/usr/bin/env python3
"""Export the site as a plain docs tree that any MkDocs-compatible engine builds without our plugin.

    .venv/bin/python scripts/export_tree.py OUT [-f mkdocs.yml] [--profile public|internal] [--strict]

OUT receives `mkdocs.yml` and the docs folder: the hand-written pages with their
`<!-- kb:… -->` markers and `[[kind:id]]` references resolved, every generated page
(core.render.render_site), the plugin's stylesheet and scripts under assets/, and
the Excel/CSV/JSON exports as static files. The mkdocs.yml keeps the theme, palette,
Markdown extensions and the nav (theme hubs expanded) of the original and drops the
policykb plugin: search is the theme's built-in search. Build OUT with
`mkdocs build`, `properdocs build` or `zensical build`.

What only the plugin does is left out: policykb's Chinese/pinyin search, the glossary
tooltips (Markdown abbreviations match whole words only, never inside Chinese text),
rewriting Material's bundle for the intranet and compacting the HTML.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from policykb.core import build_knowledge_base  # noqa: E402
from policykb.core.exchange.export import write_exports  # noqa: E402
from policykb.core.markdown.safelinks import UNSAFE_THEME_FEATURES  # noqa: E402
from policykb.core.render import render_site  # noqa: E402
from policykb.core.render.markers import resolve_page  # noqa: E402
from policykb.core.render.nav import expand_theme_nav, not_in_nav  # noqa: E402
from policykb.core.site.assets import SCRIPTS, STYLES, page_assets  # noqa: E402
from policykb.core.site.sitesource import SiteError, accept  # noqa: E402
from policykb.mkdocs import offline  # noqa: E402  (polyfill lists only: it does not import MkDocs)

HEADER = """\
# 由 scripts/export_tree.py 从知识库导出，请勿手工修改：改 data/ 或 docs/ 后重新导出。
# 不需要 policykb 插件：生成的页面已在 docs/ 中，[[…]] 引用和 <!-- kb:… --> 标记已解析。
# 搜索使用主题自带的搜索（Material 的 search 插件），不是 policykb 的中文/拼音搜索；
# 术语释义提示没有导出（Markdown 缩写只匹配整词，匹配不到中文句子里的术语）。
# Markdown 扩展 policykb.core.markdown.safelinks 去掉数据中不安全的链接，需要已安装 policykb 包（不是插件）。
"""
MARK = HEADER.splitlines()[0]
SAFE_LINKS = "policykb.core.markdown.safelinks"


class ExportError(Exception):
    """A problem that stops the export (message in Chinese)."""


class _ValueLoader(yaml.SafeLoader):
    """Reads the values of mkdocs.yml the export needs; other engines' tags read as None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    names = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    default = None if isinstance(node, yaml.ScalarNode) or len(names) < 2 else yaml.safe_load(names.pop())
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_ValueLoader.add_constructor("!ENV", _env)
_ValueLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _value(node: yaml.Node | None):
    return None if node is None else _ValueLoader("").construct_document(node)


def _item(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in mapping.value if k.value == key), None)


def _set(mapping: yaml.MappingNode, key: str, node: yaml.Node) -> None:
    for i, (k, _) in enumerate(mapping.value):
        if k.value == key:
            mapping.value[i] = (k, node)
            return
    mapping.value.append((yaml.ScalarNode("tag:yaml.org,2002:str", key), node))


def _node(value) -> yaml.Node:
    return yaml.compose(yaml.safe_dump(value, allow_unicode=True))


def _plugin_name(item: yaml.Node) -> str:
    return item.value if isinstance(item, yaml.ScalarNode) else item.value[0][0].value


def plugin_options(config: yaml.MappingNode) -> dict:
    """The policykb plugin's options in mkdocs.yml (its defaults where not given)."""
    options = {"data_dir": "data", "profile": "public", "nav_themes": "theme/index.md"}
    plugins = _item(config, "plugins")
    for item in plugins.value if isinstance(plugins, yaml.SequenceNode) else []:
        if _plugin_name(item) == "policykb" and isinstance(item, yaml.MappingNode):
            options.update({k: v for k, v in (_value(item.value[0][1]) or {}).items() if v is not None})
    return options


def plain_config(config: yaml.MappingNode, nav: list | None, pages: Iterable[str] = ()) -> str:
    """mkdocs.yml without the policykb plugin, with the expanded nav, the generated pages out of the nav
    (the plugin marks them so) and the plugin's assets."""
    plugins = _item(config, "plugins")
    if isinstance(plugins, yaml.SequenceNode):
        plugins.value = [p for p in plugins.value if _plugin_name(p) != "policykb"]
    theme = _item(config, "theme")
    features = _item(theme, "features") if isinstance(theme, yaml.MappingNode) else None
    if isinstance(features, yaml.SequenceNode):  # no tooltips built with innerHTML from data (safelinks)
        features.value = [f for f in features.value if _value(f) not in UNSAFE_THEME_FEATURES]
    if nav is not None:
        _set(config, "nav", _node(nav))
    own = [line for line in (_value(_item(config, "not_in_nav")) or "").splitlines() if line.strip()]
    _set(config, "not_in_nav", _node("\n".join(own + [p for p in not_in_nav(pages) if p not in own]) + "\n"))
    for key, paths in (("extra_css", [STYLES]), ("extra_javascript", SCRIPTS)):
        existing = [v for v in (_value(_item(config, key)) or []) if v not in paths]
        _set(config, key, _node(existing + paths))
    extra = _item(config, "extra")
    if not isinstance(extra, yaml.MappingNode):
        extra = yaml.MappingNode("tag:yaml.org,2002:map", [])
        _set(config, "extra", extra)
    polyfills = [f"{offline.VENDOR}/{name}" for name in offline.POLYFILLS]
    _set(extra, "polyfills", _node(polyfills + [p for p in (_value(_item(extra, "polyfills")) or [])
                                                if p not in polyfills]))
    extensions = _item(config, "markdown_extensions")
    if not isinstance(extensions, yaml.SequenceNode):
        extensions = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
        _set(config, "markdown_extensions", extensions)
    # every page as one made from data: raw HTML off (data may hold any text), the generator's own HTML kept
    extensions.value = [e for e in extensions.value if _plugin_name(e) != SAFE_LINKS]
    extensions.value.append(_node({SAFE_LINKS: {"data_pages": True}}))
    text = yaml.serialize(config, allow_unicode=True, width=120)
    text = text.replace("\nplugins:\n", "\nplugins:  # 主题自带的搜索代替 policykb 的搜索（policykb 插件已去掉）\n", 1)
    return HEADER + text


def _prepare(out: Path, docs_name: str) -> None:
    """OUT must be new, empty or an earlier export (whose docs and config are replaced)."""
    if out.exists() and any(out.iterdir()):
        config = out / "mkdocs.yml"
        if not (config.is_file() and config.read_text(encoding="utf-8").startswith(MARK)):
            raise ExportError(f"{out} 不是空目录，也不是以前导出的文档树。请换一个目录或先清空它。")
        shutil.rmtree(out / docs_name, ignore_errors=True)
        config.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _copy_custom_dir(config: yaml.MappingNode, base: Path, out: Path) -> None:
    """The theme's custom_dir (template overrides) when it lies outside the docs folder, at the same relative path."""
    theme = _item(config, "theme")
    custom = _value(_item(theme, "custom_dir")) if isinstance(theme, yaml.MappingNode) else None
    if not custom or Path(custom).is_absolute():
        return
    source, target = base / custom, out / custom
    if not source.is_dir() or not target.resolve().is_relative_to(out.resolve()):
        return
    shutil.rmtree(target, ignore_errors=True)  # an earlier export's copy
    shutil.copytree(source, target)


def export_tree(config_file: Path, out: Path, profile: str | None = None, warn=print) -> dict[str, int]:
    """Write the plain tree; returns counts of what was written. Raises ExportError."""
    base = config_file.resolve().parent
    config = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_ValueLoader)
    options = plugin_options(config)
    docs_name = _value(_item(config, "docs_dir")) or "docs"
    docs_src = base / docs_name
    kb, problems = build_knowledge_base(base / options["data_dir"], profile=profile or options["profile"],
                                        root=base, history=True)
    try:
        accept(problems, lambda problem: warn(problem.format()))
    except SiteError as e:
        raise ExportError(str(e).replace("站点没有构建", "没有导出")) from None
    pages = render_site(kb)
    clashes = sorted(uri for uri in pages if (docs_src / uri).exists())
    if clashes:
        raise ExportError("\n".join(f"{docs_name}/{uri} 与知识库生成的页面重名。请给手写页面换一个文件名。"
                                    for uri in clashes))
    _prepare(out, docs_name)
    docs = out / docs_name
    shutil.copytree(docs_src, docs)
    hand_written = sorted(p for p in docs.rglob("*.md"))
    for path in hand_written:
        uri = path.relative_to(docs).as_posix()
        path.write_text(resolve_page(path.read_text(encoding="utf-8"), uri, kb, warn), encoding="utf-8")
    assets = {**page_assets(), **offline.vendor_files()}
    for uri, content in {**pages, **assets}.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    exports = write_exports(kb, docs)
    _copy_custom_dir(config, base, out)
    nav = _value(_item(config, "nav"))
    if nav:
        nav = expand_theme_nav(kb, nav, options["nav_themes"])
    (out / "mkdocs.yml").write_text(plain_config(config, nav, pages), encoding="utf-8")
    return {"hand_written": len(hand_written), "generated": len(pages), "assets": len(assets),
            "exports": len(exports)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把知识库站点导出为不需要 policykb 插件的普通文档树和 mkdocs.yml。")
    parser.add_argument("out", help="输出目录（新目录、空目录或以前导出的目录）")
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"), help="原站点配置，默认 mkdocs.yml")
    parser.add_argument("--profile", choices=("public", "internal"),
                        help="构建版本，默认取 mkdocs.yml 中 policykb 的 profile（公开版）")
    parser.add_argument("--strict", action="store_true", help="有警告（如引用了不存在的条目）也算失败")
    args = parser.parse_args(argv)
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        print(message, file=sys.stderr)
    try:
        counts = export_tree(Path(args.config_file), Path(args.out), args.profile, warn)
    except ExportError as e:
        print(f"导出失败：{e}", file=sys.stderr)
        return 1
    print(f"已导出到 {args.out}：手写页面 {counts['hand_written']} 个，生成页面 {counts['generated']} 个，"
          f"样式和脚本 {counts['assets']} 个，下载文件 {counts['exports']} 个。"
          f"构建：cd {args.out} && mkdocs build（或 properdocs build、zensical build）")
    return 1 if args.strict and warnings else 0


if __name__ == "__main__":
    sys.exit(main())
