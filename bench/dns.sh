#!/usr/bin/env bash
# Throughput and latency of the resolver at 127.0.0.11, measured with dnsperf from inside a
# sandbox: 1,024 names (32 endpoints with a name and 31 aliases each) on one nat network.
#   bench/dns.sh [SECONDS]   (default 10 per run). Run as root after './mvnw package'.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
command -v dnsperf >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dnsperf >/dev/null
. bench/lib.sh

bench_start
api POST /v1/networks '{"name":"dns","driver":"nat","ipam":{"config":[{"subnet":"10.201.0.0/24"}]}}' >/dev/null
: >"$work/names"
for e in $(seq 0 31); do
  bench_netns "${prefix}$e"
  aliases=$(for a in $(seq 1 31); do printf '"n%d-%d",' "$e" "$a"; done)
  api POST /v1/networks/dns/endpoints \
    "{\"sandbox\":\"/var/run/netns/${prefix}$e\",\"name\":\"n$e-0\",\"aliases\":[${aliases%,}]}" >/dev/null
  for a in $(seq 0 31); do echo "n$e-$a A" >>"$work/names"; done
done
asker="${prefix}asker"
bench_netns "$asker"
api POST /v1/networks/dns/endpoints "{\"sandbox\":\"/var/run/netns/$asker\",\"name\":\"asker\"}" >/dev/null

machine
echo "# $(wc -l <"$work/names") names; dnsperf $(dnsperf -h 2>&1 | sed -n 's/^Version //p')"
# warm the JIT first, then measure
ip netns exec "$asker" dnsperf -s 127.0.0.11 -d "$work/names" -l 3 -c 4 -T 2 -q 200 >/dev/null
ip netns exec "$asker" dnsperf -s 127.0.0.11 -d "$work/names" -l "$seconds" -c 4 -T 2 -q 200 >"$work/max.txt"
echo "max throughput: $(awk '/Queries per second/ {print $4}' "$work/max.txt") qps," \
  "lost $(awk '/Queries lost/ {print $3, $4}' "$work/max.txt")," \
  "answers $(awk '/Response codes/ {$1=$2=""; print}' "$work/max.txt")"
# at a fixed 1,000 qps, per-query latencies from -v give the percentiles
ip netns exec "$asker" dnsperf -s 127.0.0.11 -d "$work/names" -l "$seconds" -Q 1000 -v >"$work/fixed.txt"
awk '/^> / {print $NF}' "$work/fixed.txt" | sort -n | awk '
  { v[NR] = $1 }
  END { printf "at 1000 qps: n=%d p50=%.3f ms p99=%.3f ms max=%.3f ms\n", NR, v[int(NR*0.50)]*1000, v[int(NR*0.99)]*1000, v[NR]*1000 }'
