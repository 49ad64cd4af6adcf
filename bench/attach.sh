#!/usr/bin/env bash
# Attach/detach latency of a nat network through the REST API (issue: speed of attach).
# Starts the packaged service in a scratch "host" namespace with its own store, makes N
# sandboxes, runs AttachBench, and removes everything. Run as root after './mvnw package'.
#   bench/attach.sh [N]   (default 200; ROUNDS=16 rounds, the first reported as cold, the last as warm:
#                         the JIT takes a few thousand requests to settle)
#   PORTS=1      each attach publishes one port
#   PRELOAD=P    P ports (a multiple of 1000) published by other sandboxes before the rounds
#   FIREWALL=iptables   the firewall driver (default nftables)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
. bench/lib.sh

preload="${PRELOAD:-0}"
bench_netns_range "$prefix" "$n"
if [ "$preload" -ge 1000 ]; then bench_netns_range "${prefix}pre" $((preload / 1000)); fi
bench_start -Dcrossnet.linux.firewall="${FIREWALL:-nftables}"
machine
echo "# firewall ${FIREWALL:-nftables}, ports per attach ${PORTS:-0}"
java bench/AttachBench.java rounds "$work/api.sock" "$prefix" "$n" "${ROUNDS:-16}" "${PORTS:-0}" "$preload"
