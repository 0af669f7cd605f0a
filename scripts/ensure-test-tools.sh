#!/usr/bin/env bash
# Installs the command-line tools the integration tests drive, from Debian, when missing:
# jq (the public-API test applies Port's own jq mappings to our answers).
set -euo pipefail
missing=()
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or run this script as root)" >&2
  exit 1
fi
echo "Installing ${missing[*]} for the integration tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
