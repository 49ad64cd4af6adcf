#!/usr/bin/env bash
# Restart at scale: the time from a service's start to a ready API with K endpoints already on its
# store and in the kernel (the start-up reconcile pass runs before the API answers, then the
# resolvers of every sandbox start again). Run as root from anywhere:
#   bench/restart.sh [K] [STARTS]       K endpoints (5000), STARTS restarts per build (4)
# JARS="a/quarkus-run.jar b/quarkus-run.jar" alternates the starts between builds on the same
# endpoints (each quarkus-app needs its own class-data archive, performance.md finding 19).
# Prints Quarkus's own "started in" for each start; measures and never asserts.
set -euo pipefail
cd "$(dirname "$0")/.."
K="${1:-5000}"
STARTS="${2:-4}"
. bench/lib.sh
read -r -a jars <<<"${JARS:-$jar}"
export HOST_NETNS="$host" # where AttachBench finds crossnet's nft table
bench_netns_range "${prefix}k" "$K"
machine
jar="${jars[0]}"
bench_start
echo "# attaching $K endpoints (AttachBench.java curve)"
java -Djava.io.tmpdir="$work" bench/AttachBench.java curve "$work/api.sock" "${prefix}k" "$K" "$K" "$work/curve.txt" 2 |
  grep '^RESULT' | grep -v '\.ratio' || true
kill "$pid" && wait "$pid" || true
pid=""
for ((i = 1; i <= STARTS; i++)); do
  for jar in "${jars[@]}"; do
    bench_start -Dquarkus.log.level=INFO
    printf '%s\t%s\t%s\n' "$jar" "$i" "$(grep -o 'started in [0-9.]*s' "$work/service.log" | tail -1)"
    kill "$pid" && wait "$pid" || true
    pid=""
  done
done
