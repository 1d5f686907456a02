#!/usr/bin/env bash
# npm run bench [-- <name> [options]]: the same set-up as npm start, then the benchmarks
# (bench/<name>.bench.ts; all of them without a name). Results go to bench/RESULTS.md.
set -euo pipefail
export CALEPIN_DEMO=${CALEPIN_DEMO:-1}
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
trap calepin_stop_db EXIT INT TERM

if [ $# -gt 0 ] && [ -f "bench/$1.bench.ts" ]; then
  name=$1; shift
  node_modules/.bin/tsx "bench/$name.bench.ts" "$@"
else
  for bench in bench/*.bench.ts; do node_modules/.bin/tsx "$bench" "$@"; done
fi
