#!/usr/bin/env bash
# Sets up a fresh machine for attrgen: a venv with the project, redis-server, and the
# MongoDB stand-in's own venv. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "attrgen needs Python >= 3.11 (python3.11 or newer on PATH)" >&2
  exit 1
}

stamp="$VENV/.attrgen-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  if [ ! -x "$VENV/bin/python" ]; then
    "$(find_python)" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
  touch "$stamp"
fi

# redis-server (Debian's package; installed when missing and root) and the MongoDB
# stand-in's venv (Python >= 3.13 from PATH or pyenv).
"$VENV/bin/attrgen" prepare
