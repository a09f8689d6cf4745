#!/usr/bin/env bash
# Builds xmcbench's harness image on the Docker engine at DOCKER_HOST and prints its pinned reference
# (the image id, sha256:...), which is what `xmc run --backend docker --image` takes.
#
#   harness/docker/build-images.sh --offline            # base from Debian packages (debootstrap, root), no registry
#   harness/docker/build-images.sh --debian debian:bookworm-slim@sha256:<digest>   # base from a registry image
#   harness/docker/build-images.sh --base REF            # reuse a base image that has java 17+ on PATH
#   options: --id-file FILE (also write the id there), --gpu CUDA_BASE (build the CUDA variant instead)
#
# The classpath comes from harness/cli/target (run `./mvnw -DskipTests package` first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/harness/docker"
MODE="" BASE="" DEBIAN="" ID_FILE="" CUDA_BASE=""
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
while [ $# -gt 0 ]; do
  case "$1" in
    --offline) MODE=offline ;;
    --debian) MODE=debian; DEBIAN="$2"; shift ;;
    --base) MODE=base; BASE="$2"; shift ;;
    --gpu) MODE=gpu; CUDA_BASE="$2"; shift ;;
    --id-file) ID_FILE="$2"; shift ;;
    --mirror) MIRROR="$2"; shift ;;
    *) echo "build-images.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$MODE" ] || { echo "build-images.sh: give --offline, --debian REF, --base REF or --gpu CUDA_BASE" >&2; exit 2; }
pinned() { [[ "$1" =~ ^sha256:[0-9a-f]{64}$ || "$1" =~ @sha256:[0-9a-f]{64}$ ]]; }

JAR="$(ls "$ROOT"/harness/cli/target/xmcbench-cli-*.jar 2>/dev/null | head -n 1 || true)"
[ -n "$JAR" ] && [ -d "$ROOT/harness/cli/target/lib" ] \
  || { echo "build-images.sh: no CLI build in harness/cli/target: run ./mvnw -DskipTests package" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/ctx/lib"
cp "$ROOT"/harness/cli/target/lib/*.jar "$JAR" "$WORK/ctx/lib/"

case "$MODE" in
  offline)
    # Debian bookworm with a headless JRE, from the Debian mirror this machine uses; no registry involved.
    [ "$(id -u)" = 0 ] || { echo "build-images.sh: --offline needs root (debootstrap)" >&2; exit 1; }
    command -v debootstrap >/dev/null || { echo "build-images.sh: install debootstrap" >&2; exit 1; }
    echo "== base: debootstrap bookworm from $MIRROR" >&2
    debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
      || { tail -n 20 "$WORK/debootstrap.log" >&2; exit 1; }
    rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
    BASE="$(tar -C "$WORK/rootfs" -c . | docker import -m "xmcbench offline base: debootstrap bookworm minbase + openjdk-17-jre-headless" - xmcbench/base:bookworm-offline)"
    ;;
  debian)
    pinned "$DEBIAN" || { echo "build-images.sh: --debian must be pinned by digest (name@sha256:...)" >&2; exit 1; }
    BASE="$(docker build -q --build-arg DEBIAN="$DEBIAN" -t xmcbench/base:bookworm -f "$HERE/harness/Dockerfile.base" "$WORK/ctx")"
    ;;
  gpu)
    pinned "$CUDA_BASE" || { echo "build-images.sh: --gpu CUDA_BASE must be pinned by digest" >&2; exit 1; }
    ID="$(docker build -q --build-arg CUDA_BASE="$CUDA_BASE" -t xmcbench/harness:gpu -f "$HERE/harness/Dockerfile.gpu" "$WORK/ctx")"
    ;;
esac
if [ "$MODE" != gpu ]; then
  echo "== harness image from base $BASE" >&2
  ID="$(docker build -q --build-arg BASE="$BASE" -t xmcbench/harness:cpu -f "$HERE/harness/Dockerfile" "$WORK/ctx")"
fi
[ -n "$ID_FILE" ] && echo "$ID" > "$ID_FILE"
echo "$ID"
