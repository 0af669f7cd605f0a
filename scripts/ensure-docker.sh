#!/usr/bin/env bash
# Makes a Docker engine usable for the agent's integration tests, on a fresh Debian machine
# with no internet (only apt) and no systemd: installs Debian's docker.io, docker-compose (v1)
# and busybox-static, starts dockerd in the background when nothing answers, and imports a
# busybox image as local/busybox:1 because no registry is reachable to pull one.
# Idempotent: each step is skipped when already done. Prints what it did.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
IMAGE="local/busybox:1"
say() { echo "ensure-docker: $*"; }
fail() { echo "ensure-docker: $*" >&2; exit 1; }

# 1. Packages. dpkg -s (not `command -v`) because a docker CLI alone may sit in /usr/local/bin.
missing=()
for pkg in docker.io docker-compose busybox-static; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing ${missing[*]}: run 'sudo apt-get update && sudo apt-get install -y ${missing[*]}' (or run this script as root)"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "docker.io, docker-compose and busybox-static already installed"
fi

# 2. The daemon. No systemd here, so start it ourselves; a daemon someone else started is reused.
if docker info >/dev/null 2>&1; then
  say "the Docker daemon is already answering"
else
  [ "$(id -u)" -eq 0 ] || fail "the Docker daemon is not answering and only root can start it: run 'sudo $0'"
  mkdir -p "$DATA"
  # A pid file left by a daemon that is still starting: wait for it rather than start a second one.
  if [ -f "$DATA/dockerd.pid" ] && kill -0 "$(cat "$DATA/dockerd.pid")" 2>/dev/null; then
    say "dockerd (pid $(cat "$DATA/dockerd.pid")) is running but not answering yet; waiting"
  else
    say "starting dockerd (log: $DATA/dockerd.log)"
    setsid dockerd >"$DATA/dockerd.log" 2>&1 </dev/null &
    echo $! >"$DATA/dockerd.pid"
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s; see $DATA/dockerd.log"
  say "dockerd is answering (pid $(cat "$DATA/dockerd.pid"))"
fi

# 3. The base image every test image is built FROM.
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "$IMAGE already present"
else
  [ -x /bin/busybox ] || fail "/bin/busybox is missing: apt-get install -y busybox-static"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/etc" "$rootfs/var/www"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  echo "root:x:0:0:root:/root:/bin/sh" >"$rootfs/etc/passwd"
  echo "root:x:0:" >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  say "imported $IMAGE from $(/bin/busybox | head -1 | cut -d' ' -f1-2)"
fi
