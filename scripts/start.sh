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

# glibc keeps what a thread freed in that thread's arena (up to 8 per core), and raises its
# mmap threshold after each large free so that later large buffers stay in the heap: GDAL's
# worker threads left gis-server at 480 MB resident after one round of plans and exports,
# 240 MB with these (npm run bench -- soak, bench/RESULTS.md). Set them to override.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-131072}
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-131072}

node_modules/.bin/tsx tile-server/src/main.ts &
pids+=($!)
node_modules/.bin/tsx gis-server/src/main.ts &
pids+=($!)
# Ends when any server ends (a crash stops the others, so nothing half-runs).
wait -n
