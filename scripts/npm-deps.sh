#!/usr/bin/env bash
# Installs npm packages when package.json or package-lock.json changed since the last
# install (a stamp in node_modules records what was installed). gdal-async is built
# against the system GDAL by the settings in .npmrc.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

stamp_file=node_modules/.calepin-install-stamp
stamp=$( (node --version; cat package-lock.json */package.json package.json .npmrc) | sha256sum | cut -d' ' -f1)

if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  exit 0
fi

echo "Installing npm packages (the first time, gdal-async is compiled: about two minutes)…"
if [ -d node_modules ]; then
  npm install --no-audit --no-fund --loglevel=error
else
  npm ci --no-audit --no-fund --loglevel=error
fi

node -e "require('gdal-async')" 2>/dev/null || {
  echo "npm-deps.sh: gdal-async did not build against the system GDAL (libgdal-dev)." >&2
  echo "Run: npm rebuild gdal-async --build-from-source=gdal-async --shared_gdal" >&2
  exit 1
}
echo "$stamp" >"$stamp_file"
