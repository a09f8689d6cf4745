#!/usr/bin/env bash
# For CI and for trying the docker backend on a machine without a registry: installs Debian's docker.io and
# debootstrap when missing (root), starts a private dockerd on its own socket and data folder, builds the
# harness image offline, and prints the two variables the docker backend tests read:
#   eval "$(harness/docker/start-test-engine.sh)"     # then: ./mvnw verify, or xmc run --backend docker ...
# Stop the engine with: kill "$(cat "$XMC_DOCKERD_DIR/dockerd.pid")"
# Exits non-zero, saying why on stderr, where that is impossible (not root, no Debian packages, no engine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${XMC_DOCKERD_DIR:-/tmp/xmcbench-dockerd}"
log() { echo "start-test-engine: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "needs root to run dockerd and debootstrap"; exit 1; }
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  log "installing docker.io and debootstrap from Debian"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap; } >&2 \
    || { log "could not install docker.io/debootstrap"; exit 1; }
fi
mkdir -p "$DIR"
SOCK="unix://$DIR/docker.sock"
export DOCKER_HOST="$SOCK"
if ! docker version >/dev/null 2>&1; then
  log "starting dockerd on $SOCK"
  nohup dockerd --host "$SOCK" --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/dockerd.pid" \
    >"$DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
  docker version >/dev/null 2>&1 || { tail -n 20 "$DIR/dockerd.log" >&2; log "dockerd did not start"; exit 1; }
fi
# The image carries this checkout's classpath, so build it now rather than trust a jar that may be stale.
log "building the CLI"
(cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests package >&2)
BASE="$(docker images -q --no-trunc xmcbench/base:bookworm-offline)"
if [ -n "$BASE" ]; then
  ID="$("$ROOT/harness/docker/build-images.sh" --base "$BASE")"
else
  ID="$("$ROOT/harness/docker/build-images.sh" --offline)"
fi
log "harness image $ID"
echo "export DOCKER_HOST='$SOCK' XMC_DOCKER_IMAGE='$ID' XMC_DOCKERD_DIR='$DIR'"
