package io.crossnet.linux.firewall.iptables;

import java.util.ArrayList;
import java.util.List;

/**
 * crossnet's own chains and the rules every network shares, per family, and the one jump into
 * each from a built-in chain. Per-network and per-port rules ({@link IptablesRules}) go into the
 * owner chains; the chains marked {@code baseOnly} hold nothing else, so they can be rewritten
 * whole when they differ. Nothing here names a user-derived value.
 *
 * <p>The filter path mirrors the nftables forward chain: leave or enter an internal network
 * (dropped), a published port (accepted from anywhere, icc or not), isolation between networks
 * and icc (dropped), then the networks' own traffic (accepted). Accepting only traffic of
 * crossnet's bridges leaves everything else to the host's own FORWARD rules.
 */
final class IptablesBase {
  static final String PREFIX = "CROSSNET-";

  static final String FORWARD = "CROSSNET-FORWARD";
  static final String INTERNAL = "CROSSNET-INTERNAL";
  static final String PUBLISHED = "CROSSNET-PUBLISHED";
  static final String ISOLATION = "CROSSNET-ISOLATION";
  static final String ISOLATION_2 = "CROSSNET-ISOLATION-2";
  static final String BRIDGES = "CROSSNET-BRIDGES";

  static final String PREROUTING = "CROSSNET-PREROUTING";
  static final String OUTPUT = "CROSSNET-OUTPUT";
  static final String PORTS = "CROSSNET-PORTS";
  /** Host ports per {@code CROSSNET-PORTS-<n>} chain: a DNAT rule is found (and deleted) among its bucket's, not among all. */
  static final int BUCKET = 1024;
  static final String POSTROUTING = "CROSSNET-POSTROUTING";
  static final String HAIRPIN = "CROSSNET-HAIRPIN";
  static final String HAIRPIN_SRC = "CROSSNET-HAIRPIN-SRC";
  static final String MASQ = "CROSSNET-MASQ";
  static final String MASQ_OUT = "CROSSNET-MASQ-OUT";

  static final String GUARD = "CROSSNET-GUARD";

  /** One of crossnet's chains with the shared rules it holds, in order. */
  record Chain(String table, String name, boolean baseOnly, List<String> rules) {
    String key() {
      return table + " " + name;
    }
  }

  /** A rule in a built-in chain that sends traffic into one of crossnet's, inserted at the head when missing. */
  record Jump(String table, String builtin, String target) {
    String spec() {
      return "-j " + target;
    }

    String key() {
      return table + " " + builtin + " " + spec();
    }
  }

  private IptablesBase() {}

  /** Tables in the order a batch touches them. */
  static final List<String> TABLES = List.of("raw", "nat", "filter");

  static List<Chain> chains(Family family) {
    List<Chain> out = new ArrayList<>();
    if (family == Family.V4) {
      // route_localnet (needed to DNAT localhost to a container) must not open 127/8 to the network
      out.add(new Chain("raw", GUARD, true, List.of("-d 127.0.0.0/8 ! -i lo -j DROP")));
    }
    out.add(new Chain("nat", PREROUTING, true, List.of("-m addrtype --dst-type LOCAL -j " + PORTS)));
    out.add(new Chain("nat", OUTPUT, true, List.of("-m addrtype --dst-type LOCAL -j " + PORTS)));
    // dispatch by host port into CROSSNET-PORTS-<n>, a rule per protocol added with the bucket's first port
    out.add(new Chain("nat", PORTS, false, List.of()));
    // hairpin and localhost first (masqueraded when bound for a bridge), then the way out
    out.add(new Chain("nat", POSTROUTING, true, List.of("-m conntrack --ctstate DNAT -j " + HAIRPIN, "-j " + MASQ)));
    out.add(new Chain("nat", HAIRPIN, false, List.of()));
    out.add(new Chain("nat", HAIRPIN_SRC, false, family == Family.V4 ? List.of("-s 127.0.0.0/8 -j MASQUERADE") : List.of()));
    out.add(new Chain("nat", MASQ, false, List.of()));
    // the networks' RETURNs are inserted ahead of this tail: traffic to a crossnet subnet or bridge keeps its source
    out.add(new Chain("nat", MASQ_OUT, false, List.of("-j MASQUERADE")));
    out.add(new Chain("filter", FORWARD, true, List.of("-j " + INTERNAL, "-m conntrack --ctstate DNAT -j " + PUBLISHED,
        "-j " + ISOLATION, "-j " + BRIDGES)));
    out.add(new Chain("filter", INTERNAL, false, List.of()));
    out.add(new Chain("filter", PUBLISHED, false, List.of()));
    out.add(new Chain("filter", ISOLATION, false, List.of()));
    out.add(new Chain("filter", ISOLATION_2, false, List.of()));
    out.add(new Chain("filter", BRIDGES, false, List.of()));
    return out;
  }

  static List<Jump> jumps(Family family) {
    List<Jump> out = new ArrayList<>();
    if (family == Family.V4) {
      out.add(new Jump("raw", "PREROUTING", GUARD));
    }
    out.add(new Jump("nat", "PREROUTING", PREROUTING));
    out.add(new Jump("nat", "OUTPUT", OUTPUT));
    out.add(new Jump("nat", "POSTROUTING", POSTROUTING));
    out.add(new Jump("filter", "FORWARD", FORWARD));
    return out;
  }

  /** The chain holding the DNAT rules of host port {@code port}. */
  static String portsBucket(int port) {
    return PORTS + "-" + port / BUCKET;
  }

  /** The rules in {@code CROSSNET-PORTS} sending each protocol's ports of {@code bucket}'s range there. */
  static List<String> dispatch(String bucket) {
    int n = Integer.parseInt(bucket.substring(PORTS.length() + 1));
    int first = Math.max(1, n * BUCKET);
    int last = n * BUCKET + BUCKET - 1;
    List<String> out = new ArrayList<>();
    for (String proto : List.of("tcp", "udp", "sctp")) {
      out.add("-p " + proto + " -m " + proto + " --dport " + first + ":" + last + " -j " + bucket);
    }
    return out;
  }

  static boolean isPortsBucket(String chain) {
    return chain.startsWith(PORTS + "-");
  }

  /** Whether {@code chain} is one of crossnet's (by name: nothing else starts with the prefix). */
  static boolean ours(String chain) {
    return chain.startsWith(PREFIX);
  }
}
