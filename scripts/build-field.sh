#!/usr/bin/env bash
# Builds the field app (field/ → field/dist, served by gis-server at /field/) when its
# sources, core, the map kit or the installed packages changed since the last build;
# otherwise does nothing. FORCE=1 builds anyway. The same stamp rule as build-web.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

stamp_file=field/dist/.build-stamp
stamp=$( (find field/src field/public core/src map-kit/src -type f -print0 | sort -z | xargs -0 sha256sum;
          sha256sum field/index.html field/vite.config.ts field/package.json map-kit/package.json package-lock.json) | sha256sum | cut -d' ' -f1)

if [ "${FORCE:-0}" != 1 ] && [ -f field/dist/index.html ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

echo "Building the field app (field/dist)…"
started=$(date +%s)
mkdir -p "${CALEPIN_DATA_DIR:-.data}"
(cd field && ../node_modules/.bin/vite build --logLevel warn) >"${CALEPIN_DATA_DIR:-.data}/field-build.log" 2>&1 || {
  cat "${CALEPIN_DATA_DIR:-.data}/field-build.log" >&2
  echo "build-field.sh: the field build failed (log above)" >&2
  exit 1
}
echo "$stamp" >"$stamp_file"
echo "Field app built in $(( $(date +%s) - started )) s."
