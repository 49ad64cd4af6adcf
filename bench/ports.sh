#!/usr/bin/env bash
# Cost of the k-th published port for k up to N (default 10000) for both firewall drivers, each in
# a scratch namespace of its own (bench/PortsBench.java drives the driver directly), then attach
# with one published port through the REST API (bench/attach.sh with PORTS=1) for both drivers,
# on an empty table and with PRELOAD ports (default 10000) already published. Run as root after
# './mvnw package'. SAMPLES timed ports per 1,000 (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
samples="${SAMPLES:-100}"
. bench/lib.sh

cp="service/target/quarkus-app/lib/main/*"
machine
for driver in nftables iptables; do
  ns="cnbp-$tag-${driver:0:3}"
  bench_netns "$ns"
  java -cp "$cp" bench/PortsBench.java "/var/run/netns/$ns" "$driver" "$n" "$samples"
  echo
done
