#!/usr/bin/env bash
# The project-local Redis (real-time state and the Socket.IO adapter, docs/realtime.md).
#
#   scripts/redis.sh start    start it if it is not running, wait until it answers
#   scripts/redis.sh stop     stop it (nothing is saved: the state is short-lived)
#   scripts/redis.sh status   exit 0 when running
#   scripts/redis.sh url      print the REDIS_URL of the local instance
#
# Data in .data/redis (ignored by git), 127.0.0.1 only, on the port recorded in
# .data/redis-port (63790, or the next free one), with a password in .data/redis-password.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_ROOT=${CALEPIN_DATA_DIR:-$ROOT/.data}
FIRST_PORT=${CALEPIN_REDIS_PORT:-63790}
DIR="$DATA_ROOT/redis"
port_file="$DATA_ROOT/redis-port"
password_file="$DATA_ROOT/redis-password"
pid_file="$DIR/redis.pid"
log_file="$DATA_ROOT/redis.log"

fail() { echo "redis.sh: $*" >&2; exit 1; }

command -v redis-server >/dev/null || fail "redis-server is not installed.
Install it (as root: apt-get install -y redis-server), or set REDIS_URL to a Redis 6 or later."

mkdir -p "$DIR"

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

password() {
  if [ ! -s "$password_file" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
  fi
  cat "$password_file"
}

running() {
  [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

ping() {
  REDISCLI_AUTH=$(password) redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG
}

start() {
  running && return 0
  local port
  port=$(cat "$port_file" 2>/dev/null || echo "$FIRST_PORT")
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port" >"$port_file"
  # The config on stdin keeps the password out of the process list.
  redis-server - >/dev/null <<CONF || fail "Redis did not start, see $log_file"
bind 127.0.0.1
protected-mode yes
port $port
requirepass $(password)
daemonize yes
pidfile $pid_file
logfile $log_file
dir $DIR
save ""
appendonly no
maxmemory 256mb
maxmemory-policy volatile-lru
CONF
  for _ in $(seq 1 100); do
    ping "$port" && return 0
    running || [ ! -s "$pid_file" ] || fail "Redis stopped at start, see $log_file"
    sleep 0.1
  done
  fail "Redis does not answer on 127.0.0.1:$port, see $log_file"
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$pid_file")
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; return 0; }; sleep 0.1; done
  fail "Redis (pid $pid) did not stop"
}

url() {
  echo "redis://:$(password)@127.0.0.1:$(cat "$port_file" 2>/dev/null || echo "$FIRST_PORT")"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) url ;;
  *) fail "usage: scripts/redis.sh start|stop|status|url" ;;
esac
