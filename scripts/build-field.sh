#!/usr/bin/env bash
# Builds the field app (field/ → field/dist, served by gis-server at /field/) when it changed: build-app.sh.
exec bash "$(dirname "${BASH_SOURCE[0]}")/build-app.sh" field "field app"
