#!/usr/bin/env bash
# The Linux bridge's own cost of its k-th port, without crossnet: in a scratch namespace, one
# `ip -batch` per BATCH ports adds veth pairs to one bridge, as an attach leaves them (one queue
# each way, IPv6 off, the host end a port, both ends up), and prints the time per port of each
# batch. Whatever grows here, every tool that puts veths on a Linux bridge pays (CNI bridge,
# netavark, Docker, crossnet): docs/performance.md, findings 17 and 20.
#   bench/bridge-floor.sh [PORTS] [BATCH]   (default 1000 ports, batches of 100). Run as root.
set -euo pipefail
ports="${1:-1000}"
batch="${2:-100}"
ns="cnbf-$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
work="$(mktemp -d /var/tmp/crossnet-bridge-floor.XXXXXX)"
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
# new devices in the scratch namespace get no IPv6, as crossnet gives none to a bridge port
ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null || true
ip -n "$ns" link add br0 type bridge mcast_snooping 0
ip -n "$ns" link set br0 up
echo "# $(nproc) cores, kernel $(uname -r); ms per port, each batch of $batch"
for ((from = 0; from < ports; from += batch)); do
  for ((i = from; i < from + batch && i < ports; i++)); do
    echo "link add v$i numtxqueues 1 numrxqueues 1 type veth peer name p$i numtxqueues 1 numrxqueues 1"
    echo "link set v$i master br0 up"
    echo "link set p$i up"
  done >"$work/batch"
  t0=$(date +%s%N)
  ip -n "$ns" -batch "$work/batch"
  t1=$(date +%s%N)
  awk -v a=$((from + 1)) -v b=$((i)) -v ns=$((t1 - t0)) -v n=$((i - from)) \
    'BEGIN { printf "ports %d-%d\t%.3f\n", a, b, ns / 1e6 / n }'
done
