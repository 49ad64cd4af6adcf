package io.crossnet.linux.firewall.nft;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of crossnet's nftables ruleset: the base table and the per-network set elements.
 * Everything user-derived that reaches a command is validated here first, since nft syntax would
 * otherwise let a crafted name inject commands into the transaction.
 */
final class NftRuleset {
  static final String FAMILY = "inet";
  static final String TABLE_NAME = "crossnet";
  static final String TABLE = FAMILY + " " + TABLE_NAME;

  static final String NAT_V4 = "nat_v4";
  static final String NAT_V6 = "nat_v6";
  static final String BRIDGES = "bridges";
  static final String INTERNAL_BRIDGES = "internal_bridges";
  /** Pairs (bridge . bridge): lets one lookup say "in and out interface differ", which nft cannot compare directly. */
  static final String BRIDGE_SELF = "bridge_self";
  /** Pairs (bridge . bridge) of networks with {@code icc} off: traffic bridged between their endpoints is dropped. */
  static final String NO_ICC = "no_icc";

  /** DNAT maps of published ports: (host address, protocol, port) or (protocol, port) for every address. */
  static final String PORTS_V4 = "ports_v4";
  static final String PORTS_ANY_V4 = "ports_any_v4";
  static final String PORTS_V6 = "ports_v6";
  static final String PORTS_ANY_V6 = "ports_any_v6";
  static final Set<String> PORT_MAPS = Set.of(PORTS_V4, PORTS_ANY_V4, PORTS_V6, PORTS_ANY_V6);

  /** The comment prefix of every element; the id after it is a network's or an endpoint's. */
  static final String OWNER_PREFIX = "net:";

  private static final Pattern IFNAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,15}$");
  private static final Pattern NETWORK_ID = Pattern.compile("^[0-9a-fA-F]{1,64}$");
  private static final Pattern PREFIX_TEXT = Pattern.compile("^[0-9a-fA-F:.]{2,45}/[0-9]{1,3}$");

  private NftRuleset() {}

  /**
   * Creates what is missing and rewrites both chains in one transaction: {@code add} leaves
   * existing tables, sets and chains (and so every set element) alone, and flushing the chains
   * before re-adding their rules makes a repeat call a no-op in effect and repairs edited rules.
   */
  static String base() {
    return String.join("\n",
        "add table " + TABLE,
        "add set " + TABLE + " " + NAT_V4 + " { type ipv4_addr; flags interval; }",
        "add set " + TABLE + " " + NAT_V6 + " { type ipv6_addr; flags interval; }",
        "add set " + TABLE + " " + BRIDGES + " { type ifname; }",
        "add set " + TABLE + " " + INTERNAL_BRIDGES + " { type ifname; }",
        "add set " + TABLE + " " + BRIDGE_SELF + " { type ifname . ifname; }",
        "add set " + TABLE + " " + NO_ICC + " { type ifname . ifname; }",
        "add map " + TABLE + " " + PORTS_V4 + " { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; }",
        "add map " + TABLE + " " + PORTS_ANY_V4 + " { type inet_proto . inet_service : ipv4_addr . inet_service; }",
        "add map " + TABLE + " " + PORTS_V6 + " { type ipv6_addr . inet_proto . inet_service : ipv6_addr . inet_service; }",
        "add map " + TABLE + " " + PORTS_ANY_V6 + " { type inet_proto . inet_service : ipv6_addr . inet_service; }",
        "add chain " + TABLE + " guard { type filter hook prerouting priority raw; policy accept; }",
        "add chain " + TABLE + " prerouting { type nat hook prerouting priority dstnat; policy accept; }",
        "add chain " + TABLE + " output { type nat hook output priority -100; policy accept; }",
        "add chain " + TABLE + " postrouting { type nat hook postrouting priority srcnat; policy accept; }",
        "add chain " + TABLE + " forward { type filter hook forward priority filter; policy accept; }",
        "flush chain " + TABLE + " guard",
        "flush chain " + TABLE + " prerouting",
        "flush chain " + TABLE + " output",
        "flush chain " + TABLE + " postrouting",
        "flush chain " + TABLE + " forward",
        // route_localnet (needed to DNAT localhost to a container) must not open 127/8 to the network
        rule("guard", "iifname != \"lo\" ip daddr 127.0.0.0/8 drop"),
        // published ports: one map lookup per packet to a local address, however many ports there are
        dnat("prerouting"),
        dnat("output"),
        // traffic routed back out of a crossnet bridge stays inside crossnet: no source rewrite
        rule("postrouting", "ip saddr @" + NAT_V4 + " ip daddr != @" + NAT_V4 + " oifname != @" + BRIDGES + " masquerade"),
        rule("postrouting", "ip6 saddr @" + NAT_V6 + " ip6 daddr != @" + NAT_V6 + " oifname != @" + BRIDGES + " masquerade"),
        // hairpin: a sandbox reaching a published port through the host's address gets answers via
        // the host, not straight from its neighbour; localhost clients likewise (with route_localnet)
        rule("postrouting", "ct status dnat oifname @" + BRIDGES + " ip saddr @" + NAT_V4 + " masquerade"),
        rule("postrouting", "ct status dnat oifname @" + BRIDGES + " ip6 saddr @" + NAT_V6 + " masquerade"),
        rule("postrouting", "ct status dnat oifname @" + BRIDGES + " ip saddr 127.0.0.0/8 masquerade"),
        // before the conntrack accept, so no earlier flow keeps an internal network reachable
        rule("forward", "iifname @" + INTERNAL_BRIDGES + " iifname . oifname != @" + BRIDGE_SELF + " drop"),
        rule("forward", "oifname @" + INTERNAL_BRIDGES + " iifname . oifname != @" + BRIDGE_SELF + " drop"),
        // a published port is open to every network, as to the world (internal networks publish none)
        rule("forward", "ct status dnat oifname @" + BRIDGES + " accept"),
        // isolation: one crossnet network never forwards into another
        rule("forward", "iifname @" + BRIDGES + " oifname @" + BRIDGES + " iifname . oifname != @" + BRIDGE_SELF + " drop"),
        // icc off: frames one endpoint sends another cross the bridge, and bridge netfilter shows
        // them here with the bridge as both interfaces; a published port was accepted above
        rule("forward", "iifname . oifname @" + NO_ICC + " drop"),
        rule("forward", "ct state established,related accept"),
        rule("forward", "iifname @" + BRIDGES + " accept"),
        rule("forward", "oifname @" + BRIDGES + " accept"));
  }

  private static String dnat(String chain) {
    return String.join("\n",
        rule(chain, "fib daddr type local dnat ip to ip daddr . meta l4proto . th dport map @" + PORTS_V4),
        rule(chain, "fib daddr type local dnat ip to meta l4proto . th dport map @" + PORTS_ANY_V4),
        rule(chain, "fib daddr type local dnat ip6 to ip6 daddr . meta l4proto . th dport map @" + PORTS_V6),
        rule(chain, "fib daddr type local dnat ip6 to meta l4proto . th dport map @" + PORTS_ANY_V6));
  }

  private static String rule(String chain, String body) {
    return "add rule " + TABLE + " " + chain + " " + body;
  }

  /** The elements {@code network} needs, all owned by it; validates every field first. */
  static List<NftElement> elementsOf(FirewallNetwork network) {
    String owner = networkId(network.networkId());
    List<NftElement> out = new ArrayList<>();
    String bridge = network.bridge();
    if (bridge != null && !bridge.isEmpty()) {
      ifname(bridge);
      out.add(new NftElement(BRIDGES, List.of(bridge), owner));
      out.add(new NftElement(BRIDGE_SELF, List.of(bridge, bridge), owner));
      if (network.internal()) {
        out.add(new NftElement(INTERNAL_BRIDGES, List.of(bridge), owner));
      }
      if (!network.icc()) {
        out.add(new NftElement(NO_ICC, List.of(bridge, bridge), owner));
      }
    } else if (network.internal() || !network.icc()) {
      throw new IllegalArgumentException("network " + owner + " needs a bridge to be internal or to turn icc off");
    }
    if (network.masquerade()) {
      for (IpPrefix subnet : network.subnets()) {
        out.add(new NftElement(subnet.isV4() ? NAT_V4 : NAT_V6, List.of(prefix(subnet.network())), owner));
      }
    }
    return out;
  }

  /**
   * The elements the network's bridge may carry in any shape (internal or not, icc on or off)
   * that it does not have in this one: what {@link NftFirewall#addNetwork} deletes so a changed
   * shape leaves nothing behind. Keys are the network's own bridge, which no other live network has.
   */
  static List<NftElement> otherShapesOf(FirewallNetwork network) {
    String bridge = network.bridge();
    if (bridge == null || bridge.isEmpty()) {
      return List.of();
    }
    List<NftElement> wanted = elementsOf(network);
    FirewallNetwork widest = new FirewallNetwork(network.networkId(), bridge, network.subnets(), network.masquerade(), true, false);
    return elementsOf(widest).stream().filter(e -> wanted.stream().noneMatch(w -> w.id().equals(e.id()))).toList();
  }

  /**
   * The DNAT map elements of an endpoint's published ports, one per host port (ranges expanded),
   * owned by the endpoint. A family the endpoint has no address in is skipped.
   */
  static List<NftElement> elementsOf(FirewallPorts ports) {
    String owner = networkId(ports.endpointId());
    List<NftElement> out = new ArrayList<>();
    for (PortMapping m : ports.ports()) {
      if (!PortMapping.PROTOCOLS.contains(m.protocol())) {
        throw new IllegalArgumentException("not a protocol crossnet publishes: " + m.protocol());
      }
      for (int i = 0; i < m.count(); i++) {
        String hostPort = port(m.hostPort() + i);
        String containerPort = port(m.containerPort() + i);
        for (boolean v4 : new boolean[] {true, false}) {
          IpAddress target = v4 ? ports.v4() : ports.v6();
          if (target == null || !m.appliesTo(v4)) {
            continue;
          }
          List<String> value = List.of(target.toString(), containerPort);
          if (m.anyAddress()) {
            out.add(new NftElement(v4 ? PORTS_ANY_V4 : PORTS_ANY_V6, List.of(m.protocol(), hostPort), value, owner));
          } else {
            out.add(new NftElement(v4 ? PORTS_V4 : PORTS_V6, List.of(m.hostIp().toString(), m.protocol(), hostPort), value, owner));
          }
        }
      }
    }
    return out;
  }

  private static String port(int p) {
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("not a port: " + p);
    }
    return Integer.toString(p);
  }

  /** One transaction adding {@code elements}, each with its owner comment. */
  static String add(Collection<NftElement> elements) {
    List<String> lines = new ArrayList<>();
    for (NftElement e : elements) {
      String value = e.value().isEmpty() ? "" : " : " + value(e);
      lines.add("add element " + TABLE + " " + e.set() + " { " + key(e) + " comment \"" + OWNER_PREFIX + networkId(e.owner()) + "\""
          + value + " }");
    }
    return String.join("\n", lines);
  }

  /**
   * Commands that leave exactly {@code elements} in their sets, with these owners and values,
   * whether or not they were there: add (a no-op for an identical element), delete, add again, so
   * a differing comment is replaced too. Nothing is listed first, so the cost does not grow with
   * the table. A key present with another value (a map element pointing elsewhere) makes the first
   * add fail, and with it the whole transaction.
   */
  static String replace(Collection<NftElement> elements) {
    return String.join("\n", add(elements), delete(elements), add(elements));
  }

  /**
   * Commands that remove {@code elements} whether or not they are there (add, which is a no-op for
   * an identical element, then delete): deleting an absent element fails a whole transaction and
   * {@code destroy element} needs nft 1.0.8. Fails like {@link #replace} when a key maps elsewhere.
   */
  static String discard(Collection<NftElement> elements) {
    return String.join("\n", add(elements), delete(elements));
  }

  /** One transaction deleting {@code elements}; each must exist or the whole batch fails. */
  static String delete(Collection<NftElement> elements) {
    List<String> lines = new ArrayList<>();
    for (NftElement e : elements) {
      lines.add("delete element " + TABLE + " " + e.set() + " { " + key(e) + " }");
    }
    return String.join("\n", lines);
  }

  /** Key text for a command; re-validated because listed elements come from the kernel, not from us. */
  private static String key(NftElement e) {
    List<String> parts = new ArrayList<>();
    for (String part : e.key()) {
      switch (e.set()) {
        case NAT_V4, NAT_V6 -> {
          if (!PREFIX_TEXT.matcher(part).matches()) {
            throw new IllegalArgumentException("not a prefix: " + part);
          }
          parts.add(part);
        }
        case BRIDGES, INTERNAL_BRIDGES, BRIDGE_SELF, NO_ICC -> parts.add("\"" + ifname(part) + "\"");
        case PORTS_V4, PORTS_ANY_V4, PORTS_V6, PORTS_ANY_V6 -> parts.add(portPart(part));
        default -> throw new IllegalArgumentException("not a crossnet set: " + e.set());
      }
    }
    return String.join(" . ", parts);
  }

  /** A map element's value: the endpoint's address and port, re-validated like keys. */
  private static String value(NftElement e) {
    List<String> parts = new ArrayList<>();
    for (String part : e.value()) {
      parts.add(portPart(part));
    }
    return String.join(" . ", parts);
  }

  /** An address, a protocol name or a port number: the only words a port map holds. */
  private static String portPart(String part) {
    if (PortMapping.PROTOCOLS.contains(part) || IpAddress.tryParse(part) != null) {
      return part;
    }
    if (part.matches("[0-9]{1,5}") && Integer.parseInt(part) >= 1 && Integer.parseInt(part) <= 65535) {
      return part;
    }
    throw new IllegalArgumentException("not an address, protocol or port: '" + part + "'");
  }

  /** Canonical text of a prefix, the same for what we add and what listings return. */
  static String prefix(IpPrefix p) {
    return p.toString();
  }

  static String ifname(String name) {
    if (name == null || !IFNAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid interface name for nftables: '" + name + "'");
    }
    return name;
  }

  static String networkId(String id) {
    if (id == null || !NETWORK_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("invalid network id for nftables: '" + id + "'");
    }
    return id;
  }
}
