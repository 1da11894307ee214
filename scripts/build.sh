#!/usr/bin/env bash
# Build the site from data/ into site/ (creates .venv on first run).
#   scripts/build.sh          check the data, then build with --strict into site/
#   scripts/build.sh --jobs N the same in N processes (scripts/build_parallel.py), byte-identical output
#   scripts/build.sh --cache DIR  start from the last build kept in DIR: only changed pages are rebuilt
#                             (scripts/build_cached.py), byte-identical output; keep DIR between runs
#   scripts/build.sh serve    preview at http://127.0.0.1:8000, rebuilding on every change
#                             (--dirty: only pages whose source changed are rebuilt; add --livereload
#                             after `serve` for full rebuilds)
set -euo pipefail
export NO_MKDOCS_2_WARNING=1
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" ""
cd "$ROOT"
if [ "${1:-}" = "serve" ]; then
  shift
  mode=--dirty
  for arg in "$@"; do [ "$arg" = "--livereload" ] && mode=""; done
  exec mkdocs serve $mode --dev-addr "${POLICYKB_ADDR:-127.0.0.1:8000}" "$@"
fi
python scripts/check.py
case "${1:-}" in --jobs|--jobs=*|-j) parallel=1 ;; *) parallel="" ;; esac
case "${1:-}" in --cache|--cache=*) cached=1 ;; *) cached="" ;; esac
if [ -n "$cached" ]; then
  # a dirty build into DIR/site from the last build's output and state, then copied to site/
  python scripts/build_cached.py "$@"
elif [ -n "$parallel" ]; then
  # N MkDocs processes each write a slice of the pages, merged into site/ (same bytes as one process)
  python scripts/build_parallel.py "$@"
else
  mkdocs build --strict --clean "$@"
fi
# old browser cores (Chromium 69 and later): needs the npm tools of tests/node (npm ci --prefix tests/node)
if [ $# -eq 0 ] && command -v node >/dev/null 2>&1 && [ -d tests/node/node_modules/doiuse ]; then
  python scripts/check_compat.py site > /dev/null || python scripts/check_compat.py site
fi
echo ">> 站点已生成在 site/ 目录。本机预览：scripts/build.sh serve，然后打开 http://127.0.0.1:8000"
