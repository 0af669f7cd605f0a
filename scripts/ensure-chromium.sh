#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright tests when it is missing. Playwright's own
# browser download can't work on these machines, so Playwright is pointed at /usr/bin/chromium instead.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Playwright uses /usr/bin/chromium)." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
