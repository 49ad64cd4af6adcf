# Shared by the bench scripts (sourced, not run): a scratch "host" namespace, a work directory,
# the packaged service started there on its own store, and cleanup of everything on exit.
# Nothing touches the machine's network: bridges and nft live in the scratch namespace,
# resolv.conf files go under the work directory, and unknown names go to a dead loopback port.

jar="${CROSSNET_JAR:-service/target/quarkus-app/quarkus-run.jar}"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 1; }

tag="$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
host="cnbh-$tag"
prefix="cnb$tag-"
work="$(mktemp -d)"
pid=""
namespaces=("$host")

cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$host"

# bench_netns NAME: creates a namespace that cleanup removes
bench_netns() {
  ip netns add "$1"
  namespaces+=("$1")
}

# bench_start [-Dkey=value ...]: starts the service and waits for its socket
bench_start() {
  java ${CROSSNET_JAVA_OPTS:-} -Dquarkus.http.domain-socket="$work/api.sock" -Dcrossnet.data-dir="$work/data" \
    -Dcrossnet.linux.host-netns="/var/run/netns/$host" -Dcrossnet.dns.netns-etc="$work/netns-etc" \
    -Dcrossnet.dns.upstreams=127.0.0.1:9 -Dquarkus.log.level=WARN "$@" \
    -jar "$jar" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    [ -S "$work/api.sock" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
    sleep 0.1
  done
  echo "service did not start" >&2
  exit 1
}

# api METHOD PATH [JSON]: one request over the socket; prints the body, fails on 4xx/5xx
api() {
  curl -sS --fail-with-body --unix-socket "$work/api.sock" -X "$1" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "http://crossnet$2"
}

machine() {
  echo "# $(nproc) cores, kernel $(uname -r), $(java -version 2>&1 | head -1)"
}
