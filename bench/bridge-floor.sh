#!/usr/bin/env bash
# The Linux bridge's own cost of its k-th port, without crossnet: in a scratch namespace, one
# `ip -batch` per BATCH ports adds veth pairs to BRIDGES bridges filled round robin, as an attach
# leaves them (one queue each way, IPv6 off, the host end a port, up, the addresses chosen as
# crossnet chooses them), and prints the time per port of each batch. With SANDBOXES=1 each
# pair's other end is born in a namespace of its own, as a sandbox's eth0 (the namespaces made
# before the batches, not timed), and stays down there (no carrier, so no port enabling: one
# process per namespace to bring it up would swamp the times); without, it stays beside the
# bridge and comes up.
# Whatever grows here, every tool that puts veths on a Linux bridge pays (CNI bridge, netavark,
# Docker, crossnet): docs/performance.md, findings 17, 20 and 21.
#   bench/bridge-floor.sh [PORTS] [BATCH]   (default 1000 ports, batches of 100). Run as root.
#   BRIDGES=5 SANDBOXES=1 bench/bridge-floor.sh 5000 500   the host side of bench/run's curve
set -euo pipefail
ports="${1:-1000}"
batch="${2:-100}"
bridges="${BRIDGES:-1}"
sandboxes="${SANDBOXES:-0}"
tag="$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
ns="cnbf-$tag"
work="$(mktemp -d /var/tmp/crossnet-bridge-floor.XXXXXX)"
cleanup() {
  ip netns del "$ns" 2>/dev/null
  [ -s "$work/netns.list" ] && sed 's/^/netns del /' "$work/netns.list" | ip -force -batch - 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
# new devices in the scratch namespace get no IPv6, as crossnet gives none to a bridge port
ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6' 2>/dev/null || true
# as crossnet's nat bridges: the bridge's address set (so no port's address can change it, and
# the bridge id is not recomputed over every port), and one address for all the host ends of a
# bridge (one local FDB entry instead of one per port, finding 17)
brmac() { printf '02:00:00:00:%02x:01' "$1"; }
portmac() { printf '02:00:00:00:%02x:02' "$1"; }
for ((b = 0; b < bridges; b++)); do
  ip -n "$ns" link add "br$b" address "$(brmac "$b")" type bridge mcast_snooping 0
  ip -n "$ns" link set "br$b" up
done
if [ "$sandboxes" = 1 ]; then
  for ((i = 0; i < ports; i++)); do echo "cnbf$tag-$i"; done >"$work/netns.list"
  sed 's/^/netns add /' "$work/netns.list" | ip -batch -
fi
echo "# $(nproc) cores, kernel $(uname -r); $bridges bridge(s) filled round robin, peers in their own namespaces: $sandboxes"
echo "# ms per port, each batch of $batch"
for ((from = 0; from < ports; from += batch)); do
  for ((i = from; i < from + batch && i < ports; i++)); do
    if [ "$sandboxes" = 1 ]; then
      # the id the bridge's namespace knows the sandbox by, counting down as crossnet gives them
      # (finding 16): left to the kernel, the newest sandbox would be the last of every id walk
      echo "netns set cnbf$tag-$i $((2147483647 - i))"
      echo "link add v$i address $(portmac $((i % bridges))) numtxqueues 1 numrxqueues 1 type veth peer name eth0 netns cnbf$tag-$i numtxqueues 1 numrxqueues 1"
      echo "link set v$i master br$((i % bridges)) up"
    else
      echo "link add v$i address $(portmac $((i % bridges))) numtxqueues 1 numrxqueues 1 type veth peer name p$i numtxqueues 1 numrxqueues 1"
      echo "link set v$i master br$((i % bridges)) up"
      echo "link set p$i up"
    fi
  done >"$work/batch"
  t0=$(date +%s%N)
  ip -n "$ns" -batch "$work/batch"
  t1=$(date +%s%N)
  awk -v a=$((from + 1)) -v b=$((i)) -v ns=$((t1 - t0)) -v n=$((i - from)) \
    'BEGIN { printf "ports %d-%d\t%.3f\n", a, b, ns / 1e6 / n }'
done
