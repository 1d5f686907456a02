#!/usr/bin/env bash
# scripts/build-app.sh <web|field> "<name for people>": builds a front-end workspace
# (<dir>/ → <dir>/dist, served by gis-server) when its sources, core, the map kit or the
# installed packages changed since the last build; otherwise does nothing, so that a second
# npm start stays fast. FORCE=1 builds anyway. build-web.sh and build-field.sh call it.
set -euo pipefail
dir=$1
name=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

stamp_file=$dir/dist/.build-stamp
stamp=$( (find "$dir/src" "$dir/public" core/src map-kit/src -type f -print0 | sort -z | xargs -0 sha256sum;
          sha256sum "$dir/index.html" "$dir/vite.config.ts" "$dir/package.json" map-kit/package.json package-lock.json) | sha256sum | cut -d' ' -f1)

if [ "${FORCE:-0}" != 1 ] && [ -f "$dir/dist/index.html" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

echo "Building the $name ($dir/dist)…"
started=$(date +%s)
log="${CALEPIN_DATA_DIR:-.data}/$dir-build.log"
mkdir -p "${CALEPIN_DATA_DIR:-.data}"
(cd "$dir" && ../node_modules/.bin/vite build --logLevel warn) >"$log" 2>&1 || {
  cat "$log" >&2
  echo "build-app.sh: the $name build failed (log above)" >&2
  exit 1
}
echo "$stamp" >"$stamp_file"
echo "The $name built in $(( $(date +%s) - started )) s."
