# Sourced by build.sh and test.sh: create .venv and install the project into it
# when missing or when pyproject.toml has changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${POLICYKB_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"
extras="${1:-}"
stamp="$VENV/.policykb-installed"
want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${extras}"
if [ ! -x "$VENV/bin/python" ]; then
  echo ">> 创建虚拟环境 $VENV"
  "$PY" -m venv "$VENV"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo ">> 安装依赖（首次运行需要几分钟）"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  spec="$ROOT"
  [ -n "$extras" ] && spec="$ROOT[$extras]"
  "$VENV/bin/python" -m pip install --quiet -e "$spec"
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"
