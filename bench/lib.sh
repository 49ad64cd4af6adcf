# Shared by the bench scripts (sourced, not run): a scratch "host" namespace, a work directory,
# the packaged service started there on its own store, and cleanup of everything on exit (also on
# failure and Ctrl-C). Nothing touches the machine's network: bridges and nft live in the scratch
# namespace, resolv.conf files go under the work directory, and unknown names go to a dead
# loopback port.

jar="${CROSSNET_JAR:-service/target/quarkus-app/quarkus-run.jar}"
[ -f "$jar" ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 1; }

tag="$(printf '%06x' $((RANDOM * RANDOM % 16777216)))"
host="cnbh-$tag"
prefix="cnb$tag-"
# on the root file system like the service's own directories (/var/lib/crossnet, /etc/netns), not
# in /tmp: on this machine kind a mkdir in /tmp cost 0.2-0.5 ms against 0.01-0.04 ms in /var/tmp,
# /var/lib or /etc of the same ext4 (measured 2026-12-02), and every attach makes a directory
work="$(mktemp -d /var/tmp/crossnet-bench.XXXXXX)"
pid=""
: >"$work/netns.list"
: >"$work/pids"

cleanup() {
  set +e
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  # processes the scripts started (the service in start-up runs, dnsmasq) and aardvark-dns, which
  # netavark starts; each is ended only if its command line names this run's work directory
  local p
  for p in $(cat "$work/pids" 2>/dev/null) $(cat "$work"/*/netavark*/aardvark-dns/aardvark.pid 2>/dev/null); do
    if tr "\0" " " 2>/dev/null <"/proc/$p/cmdline" | grep -qF "$work"; then
      kill "$p" 2>/dev/null
    fi
  done
  sed 's/^/netns del /' "$work/netns.list" | ip -force -batch - 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bench_netns NAME...: creates namespaces that cleanup removes
bench_netns() {
  [ $# -gt 0 ] || return 0
  printf '%s\n' "$@" >>"$work/netns.list"
  printf 'netns add %s\n' "$@" | ip -batch -
}

# bench_netns_range PREFIX COUNT: namespaces PREFIX0 .. PREFIX(COUNT-1), in one `ip -batch`
bench_netns_range() {
  local i names=()
  for ((i = 0; i < $2; i++)); do names+=("$1$i"); done
  bench_netns "${names[@]}"
}

bench_netns "$host"

# service_cmd SOCKET DATA_DIR HOST_NETNS [-Dkey=value ...]: the service's command line, in array svc
service_cmd() {
  # shellcheck disable=SC2206
  # as the README starts it: from its directory, with the class-data archive the build made, the
  # two intervals that hand idle memory back and the JIT's three inlining limits; and inside the
  # scratch host namespace, as the service runs in the machine's own (ip netns exec execs the
  # command, so the pid is the service's)
  svc=(ip netns exec "$3" env -C "$(dirname "$jar")" java -XX:SharedArchiveFile=app-cds.jsa
    -XX:G1PeriodicGCInterval=5000 -XX:TrimNativeHeapInterval=5000
    -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000 -XX:FreqInlineSize=100 ${CROSSNET_JAVA_OPTS:-}
    -Dquarkus.http.domain-socket="$1" -Dcrossnet.data-dir="$2" -Dcrossnet.dns.netns-etc="$work/netns-etc"
    -Dcrossnet.dns.upstreams=127.0.0.1:9 -Dquarkus.log.level=WARN "${@:4}" -jar "$(basename "$jar")")
}

# service_cpu PID: the CPU time each of the service's threads has used so far, in clock ticks, a
# line per thread: "tid group user system". Groups: requests (Quarkus' executor and Vert.x
# workers), compilers (C1 and C2), gc (G1's threads and the VM thread), rest. A last line
# "0 process user system" is the whole process's, which keeps the time of threads that ended.
service_cpu() {
  local t
  # one file at a time: a thread may end while it is read, which must not fail bench/run (pipefail)
  # (the process's own stat line comes last, its pid written as 0)
  { for t in /proc/"$1"/task/*/stat; do cat "$t" 2>/dev/null || true; done
    sed 's/^[0-9]*/0/' /proc/"$1"/stat 2>/dev/null || true; } | awk '{
    l = index($0, "("); r = 0
    for (i = length($0); i > l; i--) if (substr($0, i, 1) == ")") { r = i; break }
    comm = substr($0, l + 1, r - l - 1); split(substr($0, r + 2), f, " ")
    g = $1 == 0 ? "process" : comm ~ /^(executor-thread|vert\.x-worker)/ ? "requests" \
      : comm ~ /^C[12] CompilerThre/ ? "compilers" : comm ~ /^(G1 |GC Thread|VM Thread)/ ? "gc" : "rest"
    print $1, g, f[12], f[13] # utime and stime, fields 14 and 15 of the stat line
  }'
}

# service_cpu_spent BEFORE AFTER: seconds between two service_cpu listings, as "requests
# user/system, compilers, gc, rest, ended". A thread counts from 0 if it started in between.
# Threads that ended in between take their time with them (idle executor threads end after a
# minute): "ended" is the process's time less its living threads', whatever their group. The
# kernel splits user and system time per thread and per process apart, so only totals subtract.
service_cpu_spent() {
  awk -v hz="$(getconf CLK_TCK)" -v before="$1" '
    BEGIN { n = split(before, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); u[f[1]] = f[3]; s[f[1]] = f[4] } }
    NF == 4 {
      du = $3 - ($1 in u ? u[$1] : 0); ds = $4 - ($1 in s ? s[$1] : 0)
      if ($2 == "process") { whole = du + ds; next }
      living += du + ds
      if ($2 == "requests") { ru += du; rs += ds } else t[$2] += du + ds
    }
    END {
      ended = whole - living; if (ended < 0) ended = 0
      printf "%.2f/%.2f/%.2f/%.2f/%.2f/%.2f", ru / hz, rs / hz, t["compilers"] / hz, t["gc"] / hz, t["rest"] / hz, ended / hz
    }' <<<"$2"
}

# machine_probe: the milliseconds one fixed single-threaded job takes (awk filling a 200,000-entry
# array and reading it back out of order): the machine's own speed at that moment. Steal does not
# show a neighbour's load on shared caches and memory, or the host's clock; this does.
machine_probe() {
  local start end
  start="$(date +%s%N)"
  awk 'BEGIN { n = 200000; for (i = 0; i < n; i++) a[i] = i * 7 % 1000
    for (i = 0; i < n; i++) s += a[(i * 7919) % n]; if (s < 0) print s }'
  end="$(date +%s%N)"
  echo $(((end - start) / 1000000))
}

# bench_start [-Dkey=value ...]: starts the service and waits until its API is ready
bench_start() {
  service_cmd "$work/api.sock" "$work/data" "$host" "$@"
  "${svc[@]}" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    if [ -S "$work/api.sock" ] && curl -sf --unix-socket "$work/api.sock" http://crossnet/q/health/ready >/dev/null; then
      return 0
    fi
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

# in_netns NS CMD...: runs CMD in namespace NS with /etc/resolv.conf replaced (in that command's
# own mount namespace) by one naming only a loopback address, so nothing it starts (aardvark-dns)
# could forward a query off this machine
in_netns() {
  local ns="$1"
  shift
  [ -f "$work/resolv.conf" ] || echo "nameserver 127.0.0.1" >"$work/resolv.conf"
  ip netns exec "$ns" sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' "$work/resolv.conf" "$@"
}

machine() {
  echo "# $(nproc) cores, kernel $(uname -r), $(java -version 2>&1 | head -1)"
}
