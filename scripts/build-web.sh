#!/usr/bin/env bash
# Builds the web app (web/ → web/dist, served by gis-server at /) when it changed: build-app.sh.
exec bash "$(dirname "${BASH_SOURCE[0]}")/build-app.sh" web "web app"
