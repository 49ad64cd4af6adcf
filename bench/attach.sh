#!/usr/bin/env bash
# Attach/detach latency of a nat network through the REST API (issue: speed of attach).
# Starts the packaged service in a scratch "host" namespace with its own store, makes N
# sandboxes, runs AttachBench, and removes everything. Run as root after './mvnw package'.
#   bench/attach.sh [N]   (default 200; ROUNDS=3 rounds, the first cold, the last reported as warm)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
jar="${CROSSNET_JAR:-service/target/quarkus-app/quarkus-run.jar}"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 1; }

tag="$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
host="cnbh-$tag"
prefix="cnb$tag-"
work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for i in $(seq 0 $((n - 1))); do ip netns del "$prefix$i" 2>/dev/null || true; done
  ip netns del "$host" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$host"
for i in $(seq 0 $((n - 1))); do ip netns add "$prefix$i"; done

java ${CROSSNET_JAVA_OPTS:-} -Dquarkus.http.domain-socket="$work/api.sock" -Dcrossnet.data-dir="$work/data" \
  -Dcrossnet.linux.host-netns="/var/run/netns/$host" -Dquarkus.log.level=WARN \
  -jar "$jar" >"$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [ -S "$work/api.sock" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.1
done

echo "# $(nproc) cores, kernel $(uname -r), $(java -version 2>&1 | head -1)"
java bench/AttachBench.java "$work/api.sock" "$prefix" "$n" "${ROUNDS:-3}"
