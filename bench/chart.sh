#!/usr/bin/env bash
# The attach-cost curve as a PNG (gnuplot): every attach as a dot, the median of each bucket as a
# line, the 2 ms target and 1.5x the first bucket's median as limits.
#   bench/chart.sh CURVE_FILE BUCKET OUT.png     (CURVE_FILE: "k ms" per line, from AttachBench curve)
set -euo pipefail
curve="$1"
bucket="$2"
out="$3"
medians="$(mktemp)"
trap 'rm -f "$medians"' EXIT

k="$(wc -l <"$curve")"
for ((from = 1; from <= k; from += bucket)); do
  to=$((from + bucket - 1 < k ? from + bucket - 1 : k))
  sed -n "${from},${to}p" "$curve" | awk '{print $2}' | sort -n |
    awk -v x=$(((from + to) / 2)) '{ v[NR] = $1 } END { print x, v[int((NR + 1) / 2)] }'
done >"$medians"
first="$(awk 'NR == 1 {print $2}' "$medians")"
# the y axis ends at 1.5x the 99th percentile (at least 3 ms): the few slower attaches are counted, not drawn
top="$(awk '{print $2}' "$curve" | sort -n | awk '{ v[NR] = $1 } END { t = v[int(NR * 0.99)] * 1.5; print (t < 3 ? 3 : t) }')"
above="$(awk -v t="$top" '$2 > t' "$curve" | wc -l)"

gnuplot <<EOF
set terminal pngcairo size 1000,560 font "sans,11"
set output "$out"
set title "crossnet: cost of the k-th attach, k = 1..$k (REST over the Unix socket, one request at a time)"
set xlabel "k: endpoints in the service after this attach (round robin over $(((k + 999) / 1000)) network(s) of at most 1,000)"
set ylabel "attach, ms"
set yrange [0:$top]
set xrange [0:$k]
set key top left opaque box
set grid ytics
plot "$curve" using 1:2 with points pt 7 ps 0.25 lc rgb "#7fa7cf" title "each attach ($above above the top of the chart)", \
     "$medians" using 1:2 with linespoints lw 2 pt 7 lc rgb "#c0392b" title "median per $bucket", \
     $first * 1.5 with lines dt 2 lc rgb "#555555" title "1.5 x the first median (flatness target)", \
     2 with lines dt 3 lw 2 lc rgb "#27ae60" title "2 ms (attach target)"
EOF
echo "chart: $out"
