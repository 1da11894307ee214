#!/usr/bin/env bash
# Run the whole test suite (creates .venv with the test dependencies on first run).
#   scripts/test.sh [pytest arguments]
set -euo pipefail
export NO_MKDOCS_2_WARNING=1
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "test"
# Browser tests drive Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> 安装 Chromium（浏览器测试用）"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo ">> 未安装 chromium：浏览器测试将跳过（sudo apt-get install chromium）" >&2
  fi
fi
# Node tools of the accessibility and old-browser tests (axe-core, doiuse, acorn), pinned in
# tests/node/package-lock.json and installed into tests/node/node_modules: nothing is fetched while tests run.
if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> 安装 Node.js（无障碍和旧内核兼容性测试用）"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  node_stamp="$ROOT/tests/node/node_modules/.policykb-installed"
  node_want="$(sha256sum < "$ROOT/tests/node/package-lock.json" | cut -c1-16)"
  if [ "$(cat "$node_stamp" 2>/dev/null)" != "$node_want" ]; then
    echo ">> 安装测试用的 npm 包（axe-core、doiuse、acorn）"
    npm ci --prefix "$ROOT/tests/node" --no-audit --no-fund --loglevel=error
    echo "$node_want" > "$node_stamp"
  fi
else
  echo ">> 未安装 npm：无障碍和旧内核兼容性测试将跳过（sudo apt-get install nodejs npm）" >&2
fi
# Importing .doc/.wps plans converts them with LibreOffice (soffice --headless).
if ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> 安装 LibreOffice Writer（.doc/.wps 导入测试用）"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null
  else
    echo ">> 未安装 soffice：.doc/.wps 导入测试将跳过（sudo apt-get install libreoffice-writer-nogui）" >&2
  fi
fi
cd "$ROOT"
# Lint first (settings in pyproject.toml, [tool.ruff]): a ruff problem fails the test command.
if python -m ruff --version >/dev/null 2>&1; then
  if ! python -m ruff check plugins scripts tests; then
    echo ">> ruff 代码检查未通过：改正上面列出的问题后再运行测试（不少问题可用 .venv/bin/ruff check --fix plugins scripts tests 自动修复）。" >&2
    exit 1
  fi
else
  echo ">> 虚拟环境中没有 ruff：跳过代码检查（pip install 'ruff>=0.6'）" >&2
fi
exec python -m pytest "$@"
