#!/usr/bin/env bash
# Where the service's CPU goes during warm attach/detach rounds, by thread. Latency on a 2-core
# machine swings by a millisecond between identical runs; the request threads' CPU per operation
# swings about half as much, so it is the better figure to compare two builds with
# (CROSSNET_JAR=... for the other one), over several alternated runs of each.
# Starts the packaged service in a scratch "host" namespace, runs WARM unmeasured rounds of N
# attaches and N detaches, then ROUNDS measured ones, and prints the service's user and system
# CPU per attach+detach pair and the threads that used it (the JIT's compiler threads included).
#   bench/cpu.sh [N]   (default 200; WARM=2, ROUNDS=4, PORTS=0). Run as root after './mvnw package'.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
warm="${WARM:-2}"
rounds="${ROUNDS:-4}"
ports="${PORTS:-0}" # 1: each sandbox publishes one port
. bench/lib.sh

bench_netns_range "$prefix" "$n"
bench_start
machine

# threads PID: "tid name user_ticks system_ticks" per thread; the name may hold spaces, so the
# fields are counted from the ')' that closes it
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1\t\2/' "$t/stat" 2>/dev/null |
      awk -F'\t' -v tid="${t##*/}" '{ split($2, f, " "); name = $1; gsub(/ /, "_", name); print tid, name, f[11], f[12] }'
  done | sort
}

java bench/AttachBench.java rounds "$work/api.sock" "$prefix" "$n" "$warm" "$ports" 0 >/dev/null
threads "$pid" >"$work/before"
java bench/AttachBench.java rounds "$work/api.sock" "$prefix" "$n" "$rounds" "$ports" 0 | grep 'warm attach'
threads "$pid" >"$work/after"

hz="$(getconf CLK_TCK)"
pairs=$((n * rounds))
echo "# service CPU in $rounds rounds after $warm unmeasured ones ($pairs attach+detach pairs)"
join "$work/before" "$work/after" | awk -v hz="$hz" -v pairs="$pairs" '
  {
    name = $2; sub(/-?[0-9]+$/, "", name)  # executor-thread-1, -2 ... as one
    u = ($6 - $3) * 1000 / hz; s = ($7 - $4) * 1000 / hz  # tid name u s name u s
    user += u; sys += s; by[name] += u + s
  }
  END {
    printf "per pair: user %.2f ms, system %.2f ms\n", user / pairs, sys / pairs
    for (t in by) if (by[t] > 0) printf "%8.0f ms  %5.2f ms/pair  %s\n", by[t], by[t] / pairs, t
  }' | sort -k1,1 -rn
