#!/usr/bin/env bash
# Turns one bench/run into Markdown: the targets with PASS/FAIL, then every figure with the
# anchors' ratios to crossnet. Reads the facts file and the RESULT lines of the run's log
# (RESULT, key, n, p50, p95, max; milliseconds unless the key says otherwise).
#   bench/report.sh FACTS LOG CHART_NAME > bench/results/DATE.md
set -euo pipefail
facts="$1"
log="$2"
chart="$3"

. "$(dirname "$0")/targets.sh" # the targets, ms, big, x2

declare -A R F
while IFS=$'\t' read -r _ key n p50 p95 max; do
  R[$key]="$n"$'\t'"$p50"$'\t'"$p95"$'\t'"$max"
done < <(grep $'^RESULT\t' "$log")
while IFS='=' read -r k v; do F[$k]="$v"; done <"$facts"

# field KEY COLUMN(1 n, 2 p50, 3 p95, 4 max): empty when not measured
field() { [ -n "${R[$1]:-}" ] && cut -f"$2" <<<"${R[$1]}" || true; }
pp() { local a b; a="$(field "$1" 2)"; b="$(field "$1" 3)"; [ -n "$a" ] && echo "$(ms "$a") / $(ms "$b")" || echo "-"; }
# ratio A B: A / B as "12.3x"
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }' || echo "-"; }

ns=()
for key in "${!R[@]}"; do [[ "$key" =~ ^crossnet\.attach\.n([0-9]+)$ ]] && ns+=("${BASH_REMATCH[1]}"); done
[ ${#ns[@]} -gt 0 ] && mapfile -t ns < <(printf '%s\n' "${ns[@]}" | sort -n)
k_curve="$(field crossnet.curve.all 1)"
# per_part KEY UNIT SEP: "part value" for each PART with a KEY.PART result, in the order the parts
# ran (bench/run's run_part reports machine.steal.PART, and service.cpu.PART while the service runs)
per_part() {
  local part out=""
  for part in $(grep -o $'^RESULT\t'"${1//./\\.}"$'\\.[a-z]*\t' "$log" | cut -f2 | awk -F. '{ print $NF }'); do
    out="${out:+$out$3 }$part $(field "$1.$part" 2)$2"
  done
  echo "$out"
}
steal="$(per_part machine.steal % ,)"
probe="$(per_part machine.probe " ms" ,)"
service_cpu="$(per_part service.cpu "" ";")"

cat <<EOF
# crossnet benchmarks, ${F[date_utc]}

Produced by \`bench/run\` (${F[params]}). ${F[note]:-Every figure comes from this one run on this one
machine; the anchors ran in the same run, one after the other, on the same sandboxes.}

| machine | |
| --- | --- |
| CPU | ${F[cpu]} |
| memory | ${F[memory]} |
| OS, kernel | ${F[os]}, ${F[kernel]} |
| JVM | ${F[jvm]} |
| crossnet | ${F[crossnet]}; service options: \`${F[service_opts]}\` |
| CNI plugins (bridge, host-local, portmap) | containernetworking-plugins ${F[pkg_containernetworking-plugins]} |
| netavark, aardvark-dns | ${F[pkg_netavark]}, ${F[pkg_aardvark-dns]} |
| dnsmasq, dnsperf | ${F[pkg_dnsmasq-base]}, ${F[pkg_dnsperf]} |
| nftables, iptables | ${F[pkg_nftables]}, ${F[pkg_iptables]} (${F[iptables_mode]}) |
| load average at start, at end | ${F[load]}; ${F[load_end]:-} |
| one durable 4 KiB write (dd oflag=dsync) | $(ms "$(field fsync.floor 2)") ms |
| CPU time the hypervisor took (steal in /proc/stat), per part | ${steal:--} |
| a fixed single-threaded job (lib.sh's machine_probe) before / after each part | ${probe:--} |
| the service's CPU seconds per part: request threads user/system, compilers, GC, the rest, threads that ended during the part | ${service_cpu:--} |

## Targets (issue 8)

EOF
targets_table "$log"

cat <<EOF

## Attach and detach, one sandbox at a time (ms, p50 / p95)

Each sandbox is a fresh network namespace; each tool gets the same sandboxes in turn. crossnet:
REST over its Unix socket on a kept-alive connection (a nat network: bridge, veth, masquerade,
its resolver in the sandbox). CNI: \`bridge\` (isGateway, ipMasq) + \`host-local\`, executed
per the CNI spec (cniVersion 1.0.0), \`portmap\` chained with prevResult for the port. netavark:
\`setup\`/\`teardown\` with podman's JSON (dns_enabled, so aardvark-dns is told of every
container; addresses chosen by the harness as podman's IPAM would). The ratio is the anchor's
p50 over crossnet's. A Linux bridge holds at most 1,023 ports, so N sandboxes are spread round
robin over ceil(N/1000) networks, for every tool.

| operation | N | crossnet | CNI bridge + host-local | CNI / crossnet | netavark | netavark / crossnet |
| --- | --- | --- | --- | --- | --- | --- |
EOF
for n in "${ns[@]}"; do
  for op in attach detach attach.port detach.port; do
    label="${op/.port/ with a port}"
    c="$(field crossnet.$op.n$n 2)"
    echo "| $label | $n | $(pp crossnet.$op.n$n) | $(pp cni.$op.n$n) | $(ratio "$(field cni.$op.n$n 2)" "$c") |" \
      "$(pp netavark.$op.n$n) | $(ratio "$(field netavark.$op.n$n 2)" "$c") |"
  done
done
cat <<EOF

crossnet's figures are taken warm: each measuring client first runs rounds of 200 attach/detach
pairs without and with a port (${F[warmup]:-?} the first time, which warms the service too, then 2),
as the JIT takes a few thousand requests to settle.
The first of those rounds, right after start: attach $(pp first.attach.n200) ms, with a port
$(pp first.attach.port.n200) ms; detach $(pp first.detach.n200) ms.
$(for n in "${ns[@]}"; do [ "$n" -gt 200 ] || continue
  echo "At N=$n the measured round follows a first round at that size, in which the service runs code the"
  echo "rounds of 200 never ran and the JIT compiles it. That round: attach $(pp firstatn.attach.n$n) ms,"
  echo "with a port $(pp firstatn.attach.port.n$n) ms."
done)

Floors, for reading the figures above: an HTTP round trip to crossnet that does no OS work
(\`GET /v1/networks/x\`) $(pp crossnet.get.n${ns[0]:-0}) ms; fork + exec of \`/bin/true\` from the
harness (every CNI or netavark operation pays it) $(pp exec.floor) ms.

## Network create and delete (ms)

| | p50 | p95 | max |
| --- | --- | --- | --- |
| crossnet create (nat, a /24: bridge, nft set elements) | $(ms "$(field crossnet.netcreate 2)") | $(ms "$(field crossnet.netcreate 3)") | $(ms "$(field crossnet.netcreate 4)") |
| crossnet delete | $(ms "$(field crossnet.netdelete 2)") | $(ms "$(field crossnet.netdelete 3)") | $(ms "$(field crossnet.netdelete 4)") |

CNI and netavark have no create step: a CNI network is a configuration file, and a podman
network is a JSON file that podman writes; the bridge is made by the first ADD or setup (its
cost is inside their first attach above).

## DNS from inside a sandbox (dnsperf, the same 1,000 names)

Names: 40 sandboxes with a name and 24 aliases each. crossnet: its resolver at 127.0.0.11 inside
the asking sandbox. aardvark-dns: started by netavark from its config dir, at the network's
gateway, reached over the sandbox's veth. dnsmasq: \`--no-resolv\`, the names from an
\`--addn-hosts\` file, on loopback inside the asking sandbox. Maximum: \`dnsperf -c 4 -T 2 -q 200\`;
latency: \`dnsperf -Q 1000\` (per-query times from \`-v\`).

| server | queries/s | lost | / crossnet | at 1,000 qps: p50 ms | p99 ms | max ms |
| --- | --- | --- | --- | --- | --- | --- |
EOF
for s in crossnet aardvark dnsmasq; do
  echo "| $s | $(big "$(field dns.$s.qps 2)") | $(field dns.$s.lost 2)% | $(ratio "$(field dns.$s.qps 2)" "$(field dns.crossnet.qps 2)") |" \
    "$(ms "$(field dns.$s.fixed 2)") | $(ms "$(field dns.$s.fixed 3)") | $(ms "$(field dns.$s.fixed 4)") |"
done
cat <<EOF

## Start-up and memory (crossnet)

| | p50 | p95 | max |
| --- | --- | --- | --- |
| start-up to a ready API (fork to the first 200 of \`/q/health/ready\`), ms | $(ms "$(field crossnet.startup 2)") | $(ms "$(field crossnet.startup 3)") | $(ms "$(field crossnet.startup 4)") |
| RSS idle (after the start-up, an empty store), MB | $(ms "$(field crossnet.rss.idle.mb 2)") | $(ms "$(field crossnet.rss.idle.mb 3)") | $(ms "$(field crossnet.rss.idle.mb 4)") |
| RSS with ${k_curve:-?} endpoints (after the whole run), MB | $(ms "$(field crossnet.rss.k${k_curve:-0}.mb 2)") | | |
| threads with ${k_curve:-?} endpoints | $(field crossnet.threads.k${k_curve:-0} 2) | | |

## Cost of the k-th attach (crossnet, ms)

![attach-cost curve]($chart)

| k | p50 | p95 | max |
| --- | --- | --- | --- |
EOF
for key in $(printf '%s\n' "${!R[@]}" | grep '^crossnet\.curve\.[0-9]' | sort -t. -k3 -n); do
  echo "| ${key#crossnet.curve.} | $(ms "$(field "$key" 2)") | $(ms "$(field "$key" 3)") | $(ms "$(field "$key" 4)") |"
done
echo "| all | $(ms "$(field crossnet.curve.all 2)") | $(ms "$(field crossnet.curve.all 3)") | $(ms "$(field crossnet.curve.all 4)") |"
cat <<EOF

Median of the last bucket / the first: $(x2 "$(field crossnet.curve.ratio 2)"). CPU time the hypervisor
took from the machine during these attaches: $(ms "$(field machine.steal.curve.attaches 2)")%.

The Linux bridge alone, after the curve (\`bench/bridge-floor.sh\`: the host side of the same
attaches without crossnet, through \`ip -batch\`: a pair per port with its other end born, and left
down, in a namespace of its own, the host end up on one of as many bridges filled round robin; ms per
port):
$(for key in $(printf '%s\n' "${!R[@]}" | grep '^kernel\.curve\.[0-9]' | sort -t. -k3 -n); do printf '%s ' "$(ms "$(field "$key" 2)")"; done)
(last / first: $(x2 "$(field kernel.curve.ratio 2)")). What grows there grows under every tool
that puts veths on Linux bridges.

## IPAM (JMH, crossnet-core)

One operation: \`memAllocate\` one allocation in a fresh /16 (60,000 per invocation);
\`memAllocateRelease\` an allocation and its release in a /16 holding \`live\` addresses
(\`fragmented\`: as \`live\` separate ranges); \`memCodecAllocateRelease\` the same with the state
decoded and encoded around each, as the store path does; \`storeAllocateRelease\` one
MvStore transaction that allocates and one that releases, as attach and detach do (\`SYNC\`:
each fsync'd).

| benchmark | params | ops/s | error (99.9%) |
| --- | --- | --- | --- |
EOF
for key in $(printf '%s\n' "${!R[@]}" | grep '^jmh\.' | sort); do
  name="${key#jmh.}"
  params="${name#*.}"
  [ "$params" = "$name" ] && params=""
  echo "| ${name%%.*} | ${params//./, } | $(big "$(field "$key" 2)") | $(big "$(field "$key" 3)") |"
done
