#!/usr/bin/env bash
# npm start: set everything up, then serve Calepin at http://localhost:8080 (gis-server,
# which proxies /tiles to the tile-server on :3000).
set -euo pipefail
export CALEPIN_DEMO=${CALEPIN_DEMO:-1}
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

pids=()
shutdown() {
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  calepin_stop_db
}
trap shutdown EXIT INT TERM

node_modules/.bin/tsx tile-server/src/main.ts &
pids+=($!)
node_modules/.bin/tsx gis-server/src/main.ts &
pids+=($!)
# Ends when any server ends (a crash stops the others, so nothing half-runs).
wait -n
