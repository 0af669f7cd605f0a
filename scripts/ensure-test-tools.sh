#!/usr/bin/env bash
# Installs the command-line tools the integration tests drive, from Debian, when missing:
# jq (the public-API test applies Port's own jq mappings to our answers), and the real parts the
# git/registry tests stand up on loopback (tests/helpers/git-servers.ts, tests/helpers/registry.ts):
# git (bare repos, `git daemon`, `git http-backend`), openssh-server (sshd for SSH remotes),
# docker-registry (Debian's registry:2) and apache2-utils (`htpasswd -B` for the registry's users).
# Starts no daemon: each test starts its own on a free port and stops it.
set -euo pipefail
missing=()
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v git >/dev/null 2>&1 || missing+=(git)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or run this script as root)" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the integration tests…"
export DEBIAN_FRONTEND=noninteractive
# Without systemd, the maintainer scripts fall back to /etc/init.d and would start a system sshd on
# port 22 and the package's own registry on port 5000. Tests need neither (they run their own on free
# ports), so forbid service starts during this install via policy-rc.d (removed again afterwards,
# unless one was already there).
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  own_policy=1
fi
trap 'if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi' EXIT
log=$(mktemp)
if ! { apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
