#!/usr/bin/env bash
# Run the whole test suite (creates .venv with the test dependencies on first run).
#   scripts/test.sh [pytest arguments]
set -euo pipefail
export NO_MKDOCS_2_WARNING=1
source "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "test"
cd "$ROOT"
exec python -m pytest "$@"
