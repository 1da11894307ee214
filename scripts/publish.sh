#!/usr/bin/env bash
# Build, check and publish atomically: scripts/publish.sh --live /srv/www/kb (see scripts/publish.py)
set -euo pipefail
export NO_MKDOCS_2_WARNING=1
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" ""
exec python "$ROOT/scripts/publish.py" "$@"
