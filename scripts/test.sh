#!/usr/bin/env bash
# npm test: the same set-up as npm start, then lint and type-check, then every test
# against the real database. Extra arguments go to vitest (e.g. npm test -- plants).
set -euo pipefail
export CALEPIN_DEMO=${CALEPIN_DEMO:-1}
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" --test
trap calepin_stop_db EXIT INT TERM

npm run --silent check
node_modules/.bin/vitest run "$@"
