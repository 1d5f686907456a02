#!/usr/bin/env bash
# The project-local PostgreSQL 15 + PostGIS cluster.
#
#   scripts/pg.sh start    create the cluster if needed, start it, wait until ready,
#                          create the database; prints nothing but errors
#   scripts/pg.sh stop     stop it (fast shutdown)
#   scripts/pg.sh status   exit 0 when running
#   scripts/pg.sh url      print the DATABASE_URL of the local cluster
#
# The cluster lives in .data/pg (ignored by git), listens on 127.0.0.1 only, on the port
# recorded in .data/pg-port (54329, or the next free one). PostgreSQL refuses to run as
# root, so as root the cluster belongs to the 'postgres' system user.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DATA_ROOT=${CALEPIN_DATA_DIR:-$ROOT/.data}
DB_NAME=${CALEPIN_DB_NAME:-calepin}
DB_USER=calepin
FIRST_PORT=${CALEPIN_PG_PORT:-54329}

fail() { echo "pg.sh: $*" >&2; exit 1; }

[ -x "$PG_BIN/initdb" ] || fail "PostgreSQL 15 is not installed ($PG_BIN/initdb is missing).
Install it (as root: apt-get install -y postgresql-15 postgresql-15-postgis-3), or set
DATABASE_URL to a PostgreSQL 15 database with PostGIS 3."

mkdir -p "$DATA_ROOT"
PGDATA="$DATA_ROOT/pg"
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || fail "the 'postgres' system user is missing (reinstall postgresql-15)"
  AS_PG=(runuser -u postgres --)
  # The postgres user must reach the data folder; a project under /root cannot be
  # reached, so the cluster then lives under /var/lib/postgresql, one per project path.
  if ! "${AS_PG[@]}" test -x "$DATA_ROOT"; then
    PGDATA=/var/lib/postgresql/calepin-$(echo -n "$ROOT" | sha256sum | cut -c1-12)
  fi
fi

password_file="$DATA_ROOT/pg-password"
port_file="$DATA_ROOT/pg-port"
log_file="$DATA_ROOT/pg.log"

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

running_port() {
  # Line 4 of postmaster.pid is the port of a running postmaster.
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 || return 1
  sed -n 4p "$PGDATA/postmaster.pid"
}

choose_port() {
  local port
  port=$(cat "$port_file" 2>/dev/null || echo "$FIRST_PORT")
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port" >"$port_file"
  echo "$port"
}

password() {
  if [ ! -s "$password_file" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
  fi
  cat "$password_file"
}

init_cluster() {
  [ -f "$PGDATA/PG_VERSION" ] && return 0
  mkdir -p "$PGDATA"
  local pwfile
  pwfile=$(mktemp)
  password >"$pwfile"
  if [ ${#AS_PG[@]} -gt 0 ]; then chown postgres: "$PGDATA" "$pwfile"; fi
  chmod 700 "$PGDATA"
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U "$DB_USER" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >"$log_file.init" 2>&1 \
    || { rm -f "$pwfile"; fail "initdb failed, see $log_file.init"; }
  rm -f "$pwfile"
  cat >>"$PGDATA/postgresql.conf" <<'CONF'
# Calepin: a local development and test cluster.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
synchronous_commit = off
jit = off
CONF
}

psql_local() {
  PGPASSWORD=$(password) psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U "$DB_USER" -d postgres "${@:2}"
}

start() {
  local port
  if port=$(running_port); then
    echo "$port" >"$port_file"
  else
    init_cluster
    port=$(choose_port)
    touch "$log_file"
    if [ ${#AS_PG[@]} -gt 0 ]; then chown postgres: "$log_file"; fi
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$log_file" -o "-p $port" -w -t 60 start >/dev/null \
      || fail "PostgreSQL did not start, see $log_file"
  fi
  local exists
  exists=$(psql_local "$port" -tAc "select 1 from pg_database where datname = '$DB_NAME'")
  if [ "$exists" != 1 ]; then
    psql_local "$port" -c "create database \"$DB_NAME\""
  fi
}

stop() {
  if running_port >/dev/null; then
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
}

url() {
  local port
  port=$(running_port) || port=$(cat "$port_file" 2>/dev/null || echo "$FIRST_PORT")
  echo "postgres://$DB_USER:$(password)@127.0.0.1:$port/$DB_NAME"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running_port >/dev/null ;;
  url) url ;;
  *) fail "usage: scripts/pg.sh start|stop|status|url" ;;
esac
