#!/usr/bin/env bash
# Installs the Debian packages Calepin needs, when they are missing.
#
#   scripts/system-packages.sh [--test]
#
# Always: GDAL (library and headers to build gdal-async, tools and Python bindings used as
# independent checks), a C++ toolchain for native npm modules, and Debian's Chromium with
# fonts (gis-server prints mission orders and map composites with it). Without
# DATABASE_URL: PostgreSQL 15 and PostGIS 3 for the project-local cluster; without
# REDIS_URL: Redis (real-time). With --test:
# what the tests use besides (poppler turns PDFs into PNG pages and text; PyQGIS).
# Needs root (or password-less sudo) only when something is missing.
set -euo pipefail

packages=(gdal-bin libgdal-dev python3-gdal build-essential python3 ca-certificates chromium fonts-dejavu-core)
if [ -z "${DATABASE_URL:-}" ]; then
  packages+=(postgresql-15 postgresql-15-postgis-3 postgresql-client-15)
fi
# Without REDIS_URL: Redis for the project-local real-time state (scripts/redis.sh).
if [ -z "${REDIS_URL:-}" ] && [ "${CALEPIN_REDIS:-1}" != 0 ]; then
  packages+=(redis-server)
fi
if [ "${1:-}" = --test ]; then
  # Chromium (installed above) also drives the browser tests (e2e/, through playwright-core);
  # poppler turns PDFs into PNG pages and text; QGIS 3.22 itself (PyQGIS, headless) judges
  # the WFS editing (gis-server/test/ogc-qgis.test.ts).
  packages+=(poppler-utils python3-qgis ${CALEPIN_TEST_PACKAGES:-})
fi

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

command -v dpkg-query >/dev/null || {
  echo "system-packages.sh: this is not a Debian-like system; install by hand: ${packages[*]}" >&2
  exit 1
}

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  cat >&2 <<MSG
Calepin needs these Debian packages, which are not installed: ${missing[*]}
Install them as root:
  apt-get update && apt-get install -y ${missing[*]}
or run npm start / npm test as root. PostgreSQL and PostGIS are only needed without
DATABASE_URL: set DATABASE_URL to a PostgreSQL 15 database with PostGIS 3 to skip them.
MSG
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for package in "${missing[@]}"; do
  installed "$package" || { echo "system-packages.sh: $package could not be installed" >&2; exit 1; }
done
