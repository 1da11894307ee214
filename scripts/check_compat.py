#!/usr/bin/env python3
"""Check a built site against old browser cores (国产化 terminals run Chromium 69 and later).

    python3 scripts/check_compat.py site/ [--browsers "chrome >= 69"]

- CSS (Material's stylesheets and ours): doiuse lists every feature the browsers lack or
  support only in part. Each must be one we know and have decided about (KNOWN below, and
  docs/reading.md for readers): either it has a fallback, or losing it costs only looks.
  A feature not in KNOWN fails the check, so a Material upgrade or a new rule of ours that
  needs a newer core is noticed at build time. Every mask-image must come with -webkit-mask-image
  (Chromium before 120 knows only the prefixed one: Material's icons are masks).
- JavaScript (ours and Material's bundle): must parse as ECMAScript 2017 (no optional chaining,
  no ??) and call no built-in newer than Chromium 69 (Intl.Segmenter, replaceAll, …).

Needs node and the packages of tests/node (scripts/test.sh installs them: npm ci --prefix tests/node).
Exit status 0: nothing unknown; 1: problems (listed); 2: the tools are missing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "tests" / "node" / "node_modules"
BROWSERS = "chrome >= 69"
ECMA = 2017

# feature → what an old core does without it (the same list is explained in docs/reading.md)
KNOWN = {
    "css-masks": "图标用遮罩绘制：旧内核只认带 -webkit- 前缀的写法，样式表同时提供（本检查逐条核对），图标正常显示。",
    "flexbox-gap": "Chromium 84 以前弹性布局不支持 gap：a11y.js 检测后给 <html> 加 kb-no-flexgap，"
                   "kb.css 用外边距补上导航等处的间距。",
    "css-math-functions": "Chromium 79 以前不支持 min()/max()/clamp()："
                          "kb.css 在 @supports not 中给提示框等处写了固定值。",
    "css-sticky": "表格首列固定（责任矩阵、指标一览）在 Chromium 91 以前对 thead/tr 不生效；"
                  "单元格本身可固定，整表仍可在框内横向滚动。",
    "css-overflow": "overflow: clip 等新取值不认时按 hidden/auto 处理，版面不变。",
    "css-focus-visible": "Chromium 86 以前没有 :focus-visible：键盘焦点框用浏览器默认样式。",
    "css-backdrop-filter": "搜索框背景不做毛玻璃模糊，仅外观差异。",
    "css-boxdecorationbreak": "跨行的代码和标记背景在换行处不重复圆角，仅外观差异。",
    "css-display-contents": "个别包装元素不被“拆开”，仅影响少量间距。",
    "css-grid-animation": "侧栏折叠没有动画，直接展开或收起。",
    "css-marker-pseudo": "列表符号不变色，仍正常显示。",
    "css-page-break": "打印分页属性按旧写法（page-break-*）生效。",
    "css-revert-value": "个别样式不能恢复为浏览器默认，仅外观差异。",
    "css-scrollbar": "滚动条用系统样式。",
    "multicolumn": "打印时“不在此处分页”的提示（break-inside/break-after）在旧内核中可能被忽略，讲义分页略有不同。",
    "prefers-reduced-motion": "无法按系统设置减少动画，动画照常播放。",
    "css-not-sel-list": "配色表中 :not(甲, 乙) 的规则不生效；本站用自定义配色，不受影响。",
}


@dataclass
class Report:
    features: dict[str, list[dict]]
    unknown: list[dict]
    mask_problems: list[str]
    js_problems: list[str]

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.mask_problems or self.js_problems)


def site_files(site: Path) -> tuple[list[Path], list[Path]]:
    css = sorted((site / "assets" / "stylesheets").glob("*.css")) + sorted((site / "assets" / "policykb").glob("*.css"))
    js = (sorted((site / "assets" / "javascripts").glob("bundle.*.js"))
          + sorted((site / "assets" / "policykb").glob("*.js")))
    return css, js


_RULE = re.compile(r"\{([^{}]*)\}")
_MASK = re.compile(r"(?<![-\w])mask(?:-image)?\s*:")
_WEBKIT_MASK = re.compile(r"-webkit-mask(?:-image)?\s*:")


def unprefixed_masks(path: Path) -> list[str]:
    """Declaration blocks with mask/mask-image but no -webkit- twin."""
    text = path.read_text(encoding="utf-8")
    return [f"{path.name}: {{{block.strip()[:80]}…}}" for block in _RULE.findall(text)
            if _MASK.search(block) and not _WEBKIT_MASK.search(block)]


def run_node(css: list[Path], js: list[Path], browsers: str) -> dict:
    node = shutil.which("node")
    if not node or not (NODE_MODULES / "doiuse").is_dir():
        raise FileNotFoundError("需要 node 和 tests/node 中的 npm 包："
                                "运行 npm ci --prefix tests/node（scripts/test.sh 会自动安装）。")
    job = {"browsers": [b.strip() for b in browsers.split(",")], "css": [str(p) for p in css],
           "js": [str(p) for p in js], "ecma": ECMA}
    result = subprocess.run([node, str(ROOT / "scripts" / "_compat.cjs")], input=json.dumps(job), text=True,
                            capture_output=True, env=dict(os.environ, NODE_PATH=str(NODE_MODULES)), timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"兼容性检查工具出错：{result.stderr.strip()}")
    return json.loads(result.stdout)


def check(site: Path, browsers: str = BROWSERS) -> Report:
    css, js = site_files(site)
    found = run_node(css, js, browsers)
    features: dict[str, list[dict]] = {}
    for usage in found["css"]:
        features.setdefault(usage["feature"], []).append(usage)
    unknown = [uses[0] for name, uses in features.items() if name not in KNOWN]
    masks = [problem for path in css for problem in unprefixed_masks(path)]
    js_problems = []
    for item in found["js"]:
        name = os.path.relpath(item["file"], site)
        if item["error"]:
            js_problems.append(f"{name}: 不是 ECMAScript {ECMA} 语法（{item['error']}）。"
                               "旧内核整段脚本不会运行：改用 ES2017 写法。")
        for api in item["apis"]:
            js_problems.append(f"{name}:{api['line']}: 用到 {api['api']}，旧内核没有：换用旧写法或先判断是否存在。")
    return Report(features, unknown, masks, js_problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查构建好的站点在旧版浏览器内核中的兼容性")
    parser.add_argument("site", type=Path, help="mkdocs build 的输出目录（如 site/）")
    parser.add_argument("--browsers", default=BROWSERS, help=f"browserslist 查询，默认“{BROWSERS}”")
    args = parser.parse_args(argv)
    if not (args.site / "assets").is_dir():
        print(f"错误：{args.site} 不是构建好的站点（没有 assets/ 目录）。先运行 mkdocs build。", file=sys.stderr)
        return 2
    try:
        report = check(args.site, args.browsers)
    except (FileNotFoundError, RuntimeError) as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    print(f"旧内核兼容性（{args.browsers}；脚本按 ECMAScript {ECMA}）")
    for name in sorted(report.features):
        uses = report.features[name]
        files = sorted({Path(u["file"]).name for u in uses})
        status = "已知" if name in KNOWN else "未知"
        print(f"  [{status}] {name}（{uses[0]['title']}）{len(uses)} 处，{'、'.join(files)}")
        if name in KNOWN:
            print(f"         {KNOWN[name]}")
    for usage in report.unknown:
        print(f"错误：{Path(usage['file']).name}:{usage['line']}: 用到 {usage['title']}（{usage['feature']}），"
              f"{usage['missing'] or usage['partial']} 不支持。请提供后备写法，并在 scripts/check_compat.py 的 KNOWN "
              f"和 docs/reading.md 中说明旧内核上的效果。")
    for problem in report.mask_problems:
        print(f"错误：{problem} 只有 mask-image，缺少 -webkit-mask-image：Chromium 120 以前图标会变成色块。")
    for problem in report.js_problems:
        print(f"错误：{problem}")
    print("通过" if report.ok else "未通过")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
