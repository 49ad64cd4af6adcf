package io.crossnet.linux.firewall.iptables;

import static io.crossnet.linux.firewall.iptables.IptablesBase.BRIDGES;
import static io.crossnet.linux.firewall.iptables.IptablesBase.HAIRPIN;
import static io.crossnet.linux.firewall.iptables.IptablesBase.HAIRPIN_SRC;
import static io.crossnet.linux.firewall.iptables.IptablesBase.INTERNAL;
import static io.crossnet.linux.firewall.iptables.IptablesBase.ISOLATION;
import static io.crossnet.linux.firewall.iptables.IptablesBase.ISOLATION_2;
import static io.crossnet.linux.firewall.iptables.IptablesBase.MASQ;
import static io.crossnet.linux.firewall.iptables.IptablesBase.MASQ_OUT;
import static io.crossnet.linux.firewall.iptables.IptablesBase.PUBLISHED;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules one network or one endpoint owns, each carrying {@code -m comment --comment
 * "net:<id>"}, written exactly as {@code iptables-save} prints them. Every user-derived token is
 * validated here first (interface names, ids, prefixes, addresses, protocols, ports), since the
 * rules are text fed to {@code iptables-restore}, where a crafted name could add lines.
 */
final class IptablesRules {
  static final String OWNER_PREFIX = "net:";

  private static final Pattern IFNAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,15}$");
  private static final Pattern ID = Pattern.compile("^[0-9a-fA-F]{1,64}$");

  private IptablesRules() {}

  /**
   * A network's rules in both families: filter rules always in both (so icc and isolation hold
   * for IPv6 link-local traffic of an IPv4-only network too), NAT rules in the family of each
   * masqueraded subnet.
   */
  static List<IptablesRule> of(FirewallNetwork network) {
    String owner = id(network.networkId());
    String br = network.bridge();
    List<IptablesRule> out = new ArrayList<>();
    if (br == null || br.isEmpty()) {
      if (network.internal() || !network.icc()) {
        throw new IllegalArgumentException("network " + owner + " needs a bridge to be internal or to turn icc off");
      }
      masquerade(network, owner, out);
      return out;
    }
    ifname(br);
    String c = comment(owner);
    for (Family f : Family.values()) {
      if (network.internal()) {
        out.add(new IptablesRule(f, "filter", INTERNAL, "-i " + br + " ! -o " + br + c + " -j DROP", owner));
        out.add(new IptablesRule(f, "filter", INTERNAL, "! -i " + br + " -o " + br + c + " -j DROP", owner));
      }
      out.add(new IptablesRule(f, "filter", PUBLISHED, "-o " + br + c + " -j ACCEPT", owner));
      out.add(new IptablesRule(f, "filter", ISOLATION, "-i " + br + " ! -o " + br + c + " -j " + ISOLATION_2, owner));
      out.add(new IptablesRule(f, "filter", ISOLATION_2, "-o " + br + c + " -j DROP", owner));
      if (!network.icc()) {
        // frames between two endpoints cross the bridge; bridge netfilter shows them with the bridge as both interfaces
        out.add(new IptablesRule(f, "filter", ISOLATION, "-i " + br + " -o " + br + c + " -j DROP", owner));
      }
      out.add(new IptablesRule(f, "filter", BRIDGES, "-i " + br + c + " -j ACCEPT", owner));
      out.add(new IptablesRule(f, "filter", BRIDGES, "-o " + br + c + " -j ACCEPT", owner));
      // hairpin: DNAT'd traffic bound for the bridge; its source decides in HAIRPIN-SRC
      out.add(new IptablesRule(f, "nat", HAIRPIN, "-o " + br + c + " -j " + HAIRPIN_SRC, owner));
      // routed into a crossnet bridge: keeps its source
      out.add(new IptablesRule(f, "nat", MASQ_OUT, "-o " + br + c + " -j RETURN", owner, true));
    }
    masquerade(network, owner, out);
    return out;
  }

  private static void masquerade(FirewallNetwork network, String owner, List<IptablesRule> out) {
    if (!network.masquerade()) {
      return;
    }
    String c = comment(owner);
    for (IpPrefix subnet : network.subnets()) {
      Family f = Family.of(subnet.isV4());
      String net = prefix(subnet.network());
      out.add(new IptablesRule(f, "nat", MASQ, "-s " + net + c + " -j " + MASQ_OUT, owner));
      out.add(new IptablesRule(f, "nat", MASQ_OUT, "-d " + net + c + " -j RETURN", owner, true));
      out.add(new IptablesRule(f, "nat", HAIRPIN_SRC, "-s " + net + c + " -j MASQUERADE", owner));
    }
  }

  /**
   * The DNAT rules of an endpoint's published ports, one per host port and family (ranges
   * expanded, as the nftables maps hold one element per port), each in its host port's bucket
   * chain. A family the endpoint has no address in is skipped.
   */
  static List<IptablesRule> of(FirewallPorts ports) {
    String owner = id(ports.endpointId());
    String c = comment(owner);
    List<IptablesRule> out = new ArrayList<>();
    for (PortMapping m : ports.ports()) {
      String proto = protocol(m.protocol());
      for (int i = 0; i < m.count(); i++) {
        int hostPort = port(m.hostPort() + i);
        int containerPort = port(m.containerPort() + i);
        for (boolean v4 : new boolean[] {true, false}) {
          IpAddress target = v4 ? ports.v4() : ports.v6();
          if (target == null || !m.appliesTo(v4)) {
            continue;
          }
          String dst = m.anyAddress() ? "" : "-d " + address(m.hostIp()) + (v4 ? "/32 " : "/128 ");
          String to = v4 ? address(target) + ":" + containerPort : "[" + address(target) + "]:" + containerPort;
          out.add(new IptablesRule(Family.of(v4), "nat", IptablesBase.portsBucket(hostPort),
              dst + "-p " + proto + " -m " + proto + " --dport " + hostPort + c + " -j DNAT --to-destination " + to, owner));
        }
      }
    }
    return out;
  }

  /** The owner id in a rule's comment, or null when it has none of crossnet's. */
  static String ownerOf(String spec) {
    int at = spec.indexOf("--comment ");
    if (at < 0) {
      return null;
    }
    String rest = spec.substring(at + "--comment ".length());
    if (rest.startsWith("\"")) {
      rest = rest.substring(1);
    }
    if (!rest.startsWith(OWNER_PREFIX)) {
      return null;
    }
    int end = 0;
    String id = rest.substring(OWNER_PREFIX.length());
    while (end < id.length() && Character.digit(id.charAt(end), 16) >= 0) {
      end++;
    }
    return end == 0 ? null : id.substring(0, end);
  }

  private static String comment(String owner) {
    return " -m comment --comment \"" + OWNER_PREFIX + owner + "\"";
  }

  private static String protocol(String p) {
    if (!PortMapping.PROTOCOLS.contains(p)) {
      throw new IllegalArgumentException("not a protocol crossnet publishes: " + p);
    }
    return p;
  }

  private static int port(int p) {
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("not a port: " + p);
    }
    return p;
  }

  /** Canonical text, the same iptables-save prints (dotted quad, RFC 5952). */
  private static String address(IpAddress a) {
    return a.toString();
  }

  private static String prefix(IpPrefix p) {
    return p.toString();
  }

  static String ifname(String name) {
    if (name == null || !IFNAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid interface name for iptables: '" + name + "'");
    }
    return name;
  }

  static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("invalid owner id for iptables: '" + id + "'");
    }
    return id;
  }
}
