#!/usr/bin/env bash
# Where a warm attach/detach spends its time: the service runs under Java Flight Recorder while
# AttachBench attaches and detaches N sandboxes for several rounds; then the samples are counted
# by the first crossnet frame on each stack (and by top frame), for threads running Java code
# (jdk.ExecutionSample) and threads inside native code or system calls (jdk.NativeMethodSample:
# netlink, setns, fsync).
#   bench/profile.sh [N] [ROUNDS]     (default 200 sandboxes, 4 rounds). Run as root after './mvnw package'.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
rounds="${2:-4}"
. bench/lib.sh

bench_netns_range "$prefix" "$n"
bench_start -XX:StartFlightRecording=filename="$work/attach.jfr",settings=profile
machine
java bench/AttachBench.java rounds "$work/api.sock" "$prefix" "$n" "$rounds"
kill "$pid"
wait "$pid" || true
pid=""

# top EVENT WHAT: the 20 most frequent frames; WHAT=crossnet counts each stack's first io.crossnet frame
top() {
  jfr print --events "$1" "$work/attach.jfr" | awk -v what="$2" -v idle='epollWait|receive0|Net\.accept|Net\.poll|Unsafe\.park|Object\.wait' '
    /stackTrace = \[/ { inside = 1; first = ""; cn = ""; next }
    inside && /^[[:space:]]*\]/ {
      inside = 0
      if (first ~ idle) next # a thread waiting for work (DNS receive loops, event loops) is not cost
      k = what == "crossnet" ? (cn == "" ? "(no crossnet frame)" : cn) : first; c[k]++; total++; next
    }
    inside {
      f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
      if (first == "") first = f
      if (cn == "" && f ~ /^io\.crossnet\./) cn = f
    }
    END { for (k in c) printf "%6.1f%%  %s\n", 100 * c[k] / total, k; printf "%6d samples\n", total > "/dev/stderr" }' |
    sort -rn | head -20
}
echo "== threads running Java code, by first crossnet frame"
top jdk.ExecutionSample crossnet
echo "== threads running Java code, by top frame"
top jdk.ExecutionSample top
echo "== threads in native code (system calls), by first crossnet frame"
top jdk.NativeMethodSample crossnet
echo "== threads in native code, by top frame"
top jdk.NativeMethodSample top
