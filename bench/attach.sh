#!/usr/bin/env bash
# Attach/detach latency of a nat network through the REST API (issue: speed of attach).
# Starts the packaged service in a scratch "host" namespace with its own store, makes N
# sandboxes, runs AttachBench, and removes everything. Run as root after './mvnw package'.
#   bench/attach.sh [N]   (default 200; ROUNDS=3 rounds, the first cold, the last reported as warm)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
. bench/lib.sh

bench_netns_range "$prefix" "$n"
bench_start
machine
java bench/AttachBench.java rounds "$work/api.sock" "$prefix" "$n" "${ROUNDS:-3}"
