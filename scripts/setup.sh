#!/usr/bin/env bash
# Everything npm start and npm test need, idempotent and quick the second time:
# system packages, npm packages, the web build (when its sources changed), the database
# (local cluster unless DATABASE_URL is set), migrations, demo data. Sourced by start.sh and test.sh (it exports DATABASE_URL and
# JWT_SECRET); run alone with `npm run setup`.
#
#   source scripts/setup.sh [--test]
set -euo pipefail
CALEPIN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$CALEPIN_ROOT"
export CALEPIN_DATA_DIR=${CALEPIN_DATA_DIR:-$CALEPIN_ROOT/.data}
mkdir -p "$CALEPIN_DATA_DIR"

bash scripts/system-packages.sh "$@"
bash scripts/npm-deps.sh
bash scripts/build-web.sh
bash scripts/build-field.sh

CALEPIN_STARTED_PG=0
if [ -z "${DATABASE_URL:-}" ]; then
  if ! bash scripts/pg.sh status; then
    CALEPIN_STARTED_PG=1
  fi
  bash scripts/pg.sh start
  DATABASE_URL=$(bash scripts/pg.sh url)
fi
export DATABASE_URL CALEPIN_STARTED_PG

# Redis carries the real-time state between gis-server instances (docs/realtime.md);
# CALEPIN_REDIS=0 runs without it (one instance, state in memory).
CALEPIN_STARTED_REDIS=0
if [ -z "${REDIS_URL:-}" ] && [ "${CALEPIN_REDIS:-1}" != 0 ]; then
  if ! bash scripts/redis.sh status; then
    CALEPIN_STARTED_REDIS=1
  fi
  bash scripts/redis.sh start
  REDIS_URL=$(bash scripts/redis.sh url)
  export REDIS_URL
fi
export CALEPIN_STARTED_REDIS

# Tokens must survive a restart and be shared by every server of this checkout.
if [ -z "${JWT_SECRET:-}" ]; then
  secret_file="$CALEPIN_DATA_DIR/jwt-secret"
  [ -s "$secret_file" ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 >"$secret_file")
  JWT_SECRET=$(cat "$secret_file")
fi
export JWT_SECRET

# Web Push: this server's VAPID key pair (RFC 8292), made once (docs/notifications.md).
if [ -z "${VAPID_PUBLIC_KEY:-}" ] && [ -z "${VAPID_PRIVATE_KEY:-}" ]; then
  vapid_file="$CALEPIN_DATA_DIR/vapid.json"
  [ -s "$vapid_file" ] || (umask 077; node -e 'process.stdout.write(JSON.stringify(require("web-push").generateVAPIDKeys()))' >"$vapid_file")
  VAPID_PUBLIC_KEY=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).publicKey)' "$vapid_file")
  VAPID_PRIVATE_KEY=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).privateKey)' "$vapid_file")
  export VAPID_PUBLIC_KEY VAPID_PRIVATE_KEY
fi

# The certificate that signs validated reports: a self-signed one for the demo, made once.
if [ -z "${REPORT_SIGNING_P12:-}" ]; then
  REPORT_SIGNING_P12="$CALEPIN_DATA_DIR/report-signing.p12"
  [ -s "$REPORT_SIGNING_P12" ] || node_modules/.bin/tsx scripts/make-signing-certificate.ts "$REPORT_SIGNING_P12"
fi
export REPORT_SIGNING_P12

node_modules/.bin/tsx scripts/prepare-db.ts

# Stops the local cluster and Redis on exit when this run started them (CALEPIN_KEEP_DB=1 keeps them).
calepin_stop_db() {
  if [ "$CALEPIN_STARTED_PG" = 1 ] && [ "${CALEPIN_KEEP_DB:-0}" != 1 ]; then
    bash "$CALEPIN_ROOT/scripts/pg.sh" stop || true
  fi
  if [ "$CALEPIN_STARTED_REDIS" = 1 ] && [ "${CALEPIN_KEEP_DB:-0}" != 1 ]; then
    bash "$CALEPIN_ROOT/scripts/redis.sh" stop || true
  fi
}
