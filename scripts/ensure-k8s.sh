#!/usr/bin/env bash
# Makes the local single-node Kubernetes (v1.20.2) available for the agent's cluster-mode
# integration tests, by running ../shared/tools/k8s-local/up.sh: the first run installs the
# Debian packages it needs and builds the control plane and kubelet from Debian's kubernetes
# source package (10-20 min on 2 cores, cached in /var/cache/k8s-local); later runs only start
# what is not running (seconds). Prints the up.sh output; its last line is KUBECONFIG=<path>.
# Runs are serialized with a lock, so two test processes never build or start it twice.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${WHEELHOUSE_SHARED_DIR:-$ROOT/../shared}"
UP="$SHARED/tools/k8s-local/up.sh"
fail() { echo "ensure-k8s: $*" >&2; exit 1; }

[ -d "$SHARED" ] || fail "$SHARED is missing: check out the shared tools beside this repository (../shared), or set WHEELHOUSE_SHARED_DIR to where they are"
[ -f "$UP" ] || fail "$UP is missing: ../shared is there but has no tools/k8s-local/up.sh (update it)"
[ "$(id -u)" -eq 0 ] || fail "the local cluster needs root (apt packages, dockerd, kubelet): run 'sudo bash scripts/ensure-k8s.sh'"

exec 9>/tmp/wheelhouse-ensure-k8s.lock
flock 9
# up.sh leaves etcd, the control plane and kubelet running in the background: they must not
# inherit the lock, or they would hold it for as long as the cluster runs and every later call
# would wait on it forever.
bash "$UP" 9>&-
