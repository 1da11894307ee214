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
exec python -m pytest "$@"
