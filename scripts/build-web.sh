#!/usr/bin/env bash
# Builds the web app (web/ → web/dist, served by gis-server at /) when its sources, core,
# the map kit or the installed packages changed since the last build; otherwise does nothing, so that
# a second npm start stays fast. FORCE=1 builds anyway.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

stamp_file=web/dist/.build-stamp
stamp=$( (find web/src web/public core/src map-kit/src -type f -print0 | sort -z | xargs -0 sha256sum;
          sha256sum web/index.html web/vite.config.ts web/package.json map-kit/package.json package-lock.json) | sha256sum | cut -d' ' -f1)

if [ "${FORCE:-0}" != 1 ] && [ -f web/dist/index.html ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

echo "Building the web app (web/dist)…"
started=$(date +%s)
(cd web && ../node_modules/.bin/vite build --logLevel warn) >"${CALEPIN_DATA_DIR:-.data}/web-build.log" 2>&1 || {
  cat "${CALEPIN_DATA_DIR:-.data}/web-build.log" >&2
  echo "build-web.sh: the web build failed (log above)" >&2
  exit 1
}
echo "$stamp" >"$stamp_file"
echo "Web app built in $(( $(date +%s) - started )) s."
