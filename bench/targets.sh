#!/usr/bin/env bash
# Issue 8's targets, in one place: which RESULT each is read from, its limit, and how its figure
# is written. Run it on the logs of one or more bench/runs (KEEP=DIR keeps a run's log) to judge
# the targets on the median of repeated runs, as the issue states them:
#   bench/targets.sh LOG...   prints a Markdown table: each run's figure, their median, PASS/FAIL
# A run that did not measure a target (a PARTS= run without its part) is left out of that
# target's median; an ANCHORS=0 run measures every target. bench/report.sh sources this file for
# one run's table and for the number formats below.
set -euo pipefail

# ms 1.234 -> 1.23 (three significant figures, at most)
ms() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f"), v }' || echo "-"; }
# big 1234567 -> 1,234,567
big() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); o = ""
  while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
  print s o }' || echo "-"; }
# x2 0.953 -> 0.95x
x2() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.2fx", v }' || echo "-"; }
# verdict VALUE OP LIMIT: PASS / FAIL / not measured
verdict() { [ -z "$1" ] && echo "not measured" && return; awk -v v="$1" -v l="$3" -v op="$2" \
  'BEGIN { ok = op == "<=" ? v <= l : v >= l; print ok ? "**PASS**" : "**FAIL**" }'; }
# median VALUE...: the middle one, or the mean of the middle two; empty for none
median() { [ $# -gt 0 ] && printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
  END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' || true; }

# result LOG KEY COLUMN (1 n, 2 p50, 3 p95, 4 max): the last such RESULT in LOG, or empty
result_of() { awk -F'\t' -v k="$2" -v c="$(($3 + 2))" '$1 == "RESULT" && $2 == k { v = $c } END { print v }' "$1"; }

# the targets: label | RESULT key | column | op | limit | format (ms, MB, x, big) | limit as written.
# N and K are the run's own (the sandboxes per attach run, the curve's length), read from the logs.
target_rows() {
  local n k
  for n in $(grep -ho $'^RESULT\tcrossnet\\.attach\\.n[0-9]*\t' "$@" | grep -o '[0-9]*' | sort -nu); do
    echo "attach p50, N=$n|crossnet.attach.n$n|2|<=|2|ms|<= 2 ms"
  done
  for n in $(grep -ho $'^RESULT\tcrossnet\\.attach\\.port\\.n[0-9]*\t' "$@" | grep -o '[0-9]*' | sort -nu); do
    echo "attach with one published port p50, N=$n|crossnet.attach.port.n$n|2|<=|3|ms|<= 3 ms"
  done
  k="$(result_of "$1" crossnet.curve.all 1)"
  echo "attach cost flat up to k=${k:-?} (median of the last bucket / the first)|crossnet.curve.ratio|2|<=|1.5|x|<= 1.5x"
  echo "network create p50|crossnet.netcreate|2|<=|5|ms|<= 5 ms"
  echo "DNS queries per second from inside a sandbox|dns.crossnet.qps|2|>=|100000|big|>= 100,000"
  echo "DNS p99 at 1,000 qps|dns.crossnet.fixed|3|<=|1|ms|<= 1 ms"
  echo "IPAM allocations per second in memory (JMH)|jmh.memAllocate|2|>=|1000000|big|>= 1,000,000"
  echo "start-up to a ready API, median of $(result_of "$1" crossnet.startup 1) starts|crossnet.startup|2|<=|1500|ms|<= 1,500 ms"
  echo "idle RSS, median of $(result_of "$1" crossnet.rss.idle.mb 1) starts|crossnet.rss.idle.mb|2|<=|150|MB|<= 150 MB"
}

# fmt FORMAT VALUE: the figure as the tables write it
fmt() {
  case "$1" in
    ms) [ -n "$2" ] && echo "$(ms "$2") ms" || echo "-" ;;
    MB) [ -n "$2" ] && echo "$(ms "$2") MB" || echo "-" ;;
    x) x2 "$2" ;;
    big) big "$2" ;;
  esac
}

# targets_table LOG...: one run: its figure and verdict; several: each run's, the median, verdict
targets_table() {
  local label key col op limit format written log v row values
  if [ $# -eq 1 ]; then
    echo "| target | limit | measured | |"
    echo "| --- | --- | --- | --- |"
  else
    row="| target | limit |"
    for ((v = 1; v <= $#; v++)); do row+=" run $v |"; done
    echo "$row median | |"
    echo "| --- | --- |$(printf ' --- |%.0s' "$@") --- | --- |"
  fi
  while IFS='|' read -r label key col op limit format written; do
    row="| $label | $written |"
    values=()
    for log in "$@"; do
      v="$(result_of "$log" "$key" "$col")"
      [ -n "$v" ] && values+=("$v")
      [ $# -gt 1 ] && row+=" $(fmt "$format" "$v") |"
    done
    v="$(median "${values[@]}")"
    echo "$row $(fmt "$format" "$v") | $(verdict "$v" "$op" "$limit") |"
  done < <(target_rows "$@")
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  [ $# -gt 0 ] || { echo "usage: bench/targets.sh LOG..." >&2; exit 2; }
  targets_table "$@"
fi
