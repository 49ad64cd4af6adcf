package io.crossnet.linux.firewall.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The iptables driver against real iptables-restore and iptables-save in a namespace of its own; iptables-save is the witness. */
@Privileged
class IptablesFirewallTest {
  private TestNetns host;
  private IptablesFirewall fw;

  @BeforeEach
  void setUp() {
    host = TestNetns.create("cn-ipt-host");
    fw = IptablesFirewall.open(NetNs.at(host.path()));
  }

  @AfterEach
  void tearDown() {
    fw.close();
    host.close();
  }

  private static String randomId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 60);
  }

  private static FirewallNetwork net(String id, String bridge, boolean masq, boolean internal, boolean icc, String... subnets) {
    return new FirewallNetwork(id, bridge, Arrays.stream(subnets).map(s -> IpPrefix.parse("subnet", s)).toList(), masq, internal, icc);
  }

  private static FirewallPorts ports(String owner, String v4, String v6, PortMapping... m) {
    return new FirewallPorts(owner, "ff00", "cnbr", v4 == null ? null : IpAddress.parse("t", v4), v6 == null ? null : IpAddress.parse("t", v6),
        List.of(m));
  }

  private static IpAddress ip(String s) {
    return IpAddress.parse("t", s);
  }

  private String save() {
    return host.sh("iptables-save") + host.sh("ip6tables-save");
  }

  /**
   * What iptables-save shows that is not crossnet's: rules, user chains and built-in policies
   * other than the default, counters stripped (a table crossnet's first rule brings into being
   * shows only default policies, which are no change).
   */
  private String foreign() {
    return save().lines()
        .filter(l -> (l.startsWith("-A ") || l.startsWith(":")) && !l.contains("CROSSNET"))
        .filter(l -> !l.matches(":(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ACCEPT .*"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .collect(Collectors.joining("\n"));
  }

  @Test
  void baseIsIdempotentWithOneJumpEach() {
    fw.ensureBase();
    fw.ensureBase();
    IptablesFirewall other = IptablesFirewall.open(NetNs.at(host.path()));
    other.ensureBase();
    String v4 = host.sh("iptables-save");
    String v6 = host.sh("ip6tables-save");
    for (String jump : List.of("-A FORWARD -j CROSSNET-FORWARD", "-A PREROUTING -j CROSSNET-PREROUTING", "-A OUTPUT -j CROSSNET-OUTPUT",
        "-A POSTROUTING -j CROSSNET-POSTROUTING")) {
      assertEquals(1, count(v4, jump + "\n"), v4);
      assertEquals(1, count(v6, jump + "\n"), v6);
    }
    assertEquals(1, count(v4, "-A PREROUTING -j CROSSNET-GUARD\n"), v4);
    assertEquals(1, count(v4, "-A CROSSNET-GUARD -d 127.0.0.0/8 ! -i lo -j DROP"), v4);
    assertEquals(List.of(), fw.listOwned());
    assertEquals("iptables", fw.name());
  }

  @Test
  void everyRuleShapeReadsBackAsWritten() {
    // a fresh instance reads the kernel: if any rule's text differed from iptables-save's, the sets would differ
    String n = randomId();
    String e = randomId();
    FirewallNetwork network = net(n, "cn-" + n.substring(0, 8), true, true, false, "10.60.0.0/24", "fd00:60::/64");
    FirewallPorts published = ports(e, "10.60.0.2", "fd00:60::2",
        new PortMapping("tcp", null, 8080, 80, 1), new PortMapping("udp", ip("0.0.0.0"), 5353, 53, 2),
        new PortMapping("sctp", ip("::"), 7000, 70, 1), new PortMapping("tcp", ip("192.0.2.1"), 9000, 90, 1),
        new PortMapping("udp", ip("2001:db8::1"), 9001, 91, 1), new PortMapping("tcp", null, 443, 443, 1),
        new PortMapping("udp", null, 65535, 65535, 1));
    fw.addNetwork(network);
    fw.addPorts(published);
    Set<String> wanted = new java.util.TreeSet<>();
    IptablesRules.of(network).forEach(r -> wanted.add(r.id()));
    IptablesRules.of(published).forEach(r -> wanted.add(r.id()));
    IptablesFirewall fresh = IptablesFirewall.open(NetNs.at(host.path()));
    assertEquals(wanted, fresh.listOwned().stream().map(OwnedObject::name).collect(Collectors.toCollection(java.util.TreeSet::new)));
    // (tcp 8080, 443, udp 65535 in both families) + udp 5353-5354 v4 + sctp v6 + tcp 9000 v4 + udp 9001 v6
    assertEquals(11, fresh.listOwned().stream().filter(o -> o.ownerId().equals(e)).count());
    // the shared rules too (base, port buckets' dispatch) read back as written: nothing is missing, nothing is run
    int read = fresh.processes();
    fresh.addNetwork(network);
    fresh.addPorts(published);
    fresh.ensureBase();
    assertEquals(read + 2, fresh.processes(), "ensureBase reads both families and finds nothing to put back");
    String v4 = host.sh("iptables-save", "-t", "nat");
    assertEquals(1, count(v4, "-A CROSSNET-PORTS -p tcp -m tcp --dport 1:1023 -j CROSSNET-PORTS-0\n"), v4);
    assertEquals(1, count(v4, "-A CROSSNET-PORTS -p udp -m udp --dport 64512:65535 -j CROSSNET-PORTS-63\n"), v4);
    String v6 = host.sh("ip6tables-save", "-t", "nat");
    assertTrue(v6.contains("-d 2001:db8::1/128 -p udp -m udp --dport 9001 -m comment --comment \"net:" + e
        + "\" -j DNAT --to-destination [fd00:60::2]:91"), v6);
  }

  @Test
  void rulesComeAndGoIdempotentlyAndLeaveNothing() {
    String id = randomId();
    String ep = randomId();
    String before = foreign();
    FirewallNetwork n = net(id, "br-" + id.substring(0, 6), true, false, true, "10.61.0.0/24");
    fw.addNetwork(n);
    fw.addNetwork(n);
    FirewallPorts p = ports(ep, "10.61.0.2", null, new PortMapping("tcp", null, 8080, 80, 3));
    fw.addPorts(p);
    fw.addPorts(p);
    String v4 = host.sh("iptables-save");
    assertEquals(1, count(v4, "--dport 8081 "), v4);
    assertEquals(1, count(v4, "-A CROSSNET-MASQ -s 10.61.0.0/24 -m comment --comment \"net:" + id + "\" -j CROSSNET-MASQ-OUT"), v4);
    // owner RETURNs are inserted ahead of the chain's shared MASQUERADE tail
    List<String> masqOut = v4.lines().filter(l -> l.startsWith("-A CROSSNET-MASQ-OUT ")).toList();
    assertEquals("-A CROSSNET-MASQ-OUT -j MASQUERADE", masqOut.get(masqOut.size() - 1), masqOut.toString());
    fw.removePorts(p);
    fw.removePorts(p);
    fw.removeNetwork(n);
    fw.removeNetwork(n);
    assertFalse(save().contains(id), save());
    assertFalse(save().contains(ep), save());
    assertEquals(List.of(), fw.listOwned());
    assertEquals(before, foreign(), "nothing outside crossnet's chains changed");
  }

  @Test
  void aChangeIsOneRestorePerFamilyWhateverItsSize() {
    String id = randomId();
    fw.addNetwork(net(id, "br-f", true, false, true, "10.62.0.0/24"));
    int before = fw.processes();
    List<PortMapping> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(new PortMapping(i % 2 == 0 ? "tcp" : "udp", null, 20000 + i, 80, 1));
    }
    String ep = randomId();
    fw.addPorts(new FirewallPorts(ep, id, "br-f", ip("10.62.0.2"), ip("fd00:62::2"), many));
    assertEquals(2, fw.processes() - before, "100 rules in two families: one iptables-restore and one ip6tables-restore");
    before = fw.processes();
    fw.addPorts(new FirewallPorts(ep, id, "br-f", ip("10.62.0.2"), ip("fd00:62::2"), many));
    assertEquals(0, fw.processes() - before, "nothing missing: nothing run");
    fw.removePorts(new FirewallPorts(ep, id, "br-f", ip("10.62.0.2"), ip("fd00:62::2"), many));
    assertEquals(2, fw.processes() - before);
  }

  @Test
  void foreignChainsAndRulesAreNeverTouched() {
    host.sh("iptables", "-N", "FOREIGN");
    host.sh("iptables", "-A", "FOREIGN", "-s", "198.51.100.0/24", "-j", "ACCEPT");
    host.sh("iptables", "-A", "FORWARD", "-j", "FOREIGN");
    host.sh("iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "198.51.100.0/24", "-j", "MASQUERADE");
    host.sh("ip6tables", "-A", "FORWARD", "-s", "2001:db8:99::/64", "-j", "DROP");
    String before = foreign();
    String id = randomId();
    FirewallNetwork n = net(id, "br-x", true, true, false, "10.63.0.0/24", "fd00:63::/64");
    fw.addNetwork(n);
    fw.ensureBase();
    assertFalse(fw.repairNetwork(n));
    fw.removeOwner(randomId());
    fw.removeNetwork(n);
    assertEquals(before, foreign());
    // and another tool flushing its own chain leaves crossnet's rules alone
    fw.addNetwork(n);
    host.sh("iptables", "-F", "FOREIGN");
    host.sh("iptables", "-t", "nat", "-F", "POSTROUTING");
    assertEquals(Set.copyOf(IptablesRules.of(n).stream().map(IptablesRule::id).toList()),
        Set.copyOf(fw.listOwned().stream().map(OwnedObject::name).toList()));
  }

  @Test
  void aRuleDeletedByHandDoesNotFailTheDeleteAndRepairPutsRulesBack() {
    String id = randomId();
    FirewallNetwork n = net(id, "br-r", true, false, true, "10.64.0.0/24");
    fw.addNetwork(n);
    // the driver believes the rule is there; the kernel refuses the -D, the driver reads again and retries
    host.sh("iptables", "-D", "CROSSNET-BRIDGES", "-i", "br-r", "-m", "comment", "--comment", "net:" + id, "-j", "ACCEPT");
    fw.removeNetwork(n);
    assertFalse(save().contains(id), save());

    fw.addNetwork(n);
    host.sh("iptables", "-F", "CROSSNET-ISOLATION-2");
    host.sh("iptables", "-t", "nat", "-D", "POSTROUTING", "-j", "CROSSNET-POSTROUTING");
    host.sh("iptables", "-A", "CROSSNET-FORWARD", "-j", "ACCEPT");
    assertTrue(fw.repairNetwork(n), "the flushed rule was missing");
    String v4 = host.sh("iptables-save");
    assertTrue(v4.contains("-A CROSSNET-ISOLATION-2 -o br-r -m comment --comment \"net:" + id + "\" -j DROP"), v4);
    assertEquals(1, count(v4, "-A POSTROUTING -j CROSSNET-POSTROUTING\n"), v4);
    assertFalse(v4.contains("-A CROSSNET-FORWARD -j ACCEPT"), "a base chain edited by hand is rewritten: " + v4);
    assertFalse(fw.repairNetwork(n));

    // ports: the dispatch chain flushed by hand leaves the bucket intact; re-adding the ports restores the way in
    FirewallPorts p = ports(randomId(), "10.64.0.2", null, new PortMapping("tcp", null, 8080, 80, 1));
    fw.addPorts(p);
    host.sh("iptables", "-t", "nat", "-F", "CROSSNET-PORTS");
    IptablesFirewall restarted = IptablesFirewall.open(NetNs.at(host.path()));
    restarted.listOwned();
    restarted.addPorts(p);
    String nat = host.sh("iptables-save", "-t", "nat");
    assertEquals(1, count(nat, "-A CROSSNET-PORTS -p tcp -m tcp --dport 7168:8191 -j CROSSNET-PORTS-7\n"), nat);
  }

  @Test
  void theReconcilerRemovesAnOwnerItHasNoRecordOf() {
    String a = randomId();
    String b = randomId();
    fw.addNetwork(net(a, "br-a", true, false, true, "10.65.0.0/24"));
    fw.addNetwork(net(b, "br-b", true, false, true, "10.66.0.0/24"));
    IptablesFirewall restarted = IptablesFirewall.open(NetNs.at(host.path()));
    restarted.removeOwner(a);
    assertEquals(Set.of(b), restarted.listOwned().stream().map(OwnedObject::ownerId).collect(Collectors.toSet()));
  }

  @Test
  void namesThatCouldInjectLinesAreRefused() {
    for (String bad : List.of("a\"b", "br0\n-F", "a b", "x}", "0123456789abcdef", "", "é")) {
      assertThrows(IllegalArgumentException.class, () -> IptablesRules.of(net("ab12", bad, false, true, true)), bad);
    }
    for (String bad : List.of("net-1", "ab12\"", "ab 12", "", "g0")) {
      assertThrows(IllegalArgumentException.class, () -> IptablesRules.of(net(bad, "br0", false, false, true)), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> IptablesRules.of(ports("ab12", "10.0.0.2", null, new PortMapping("icmp", null, 1, 1, 1))));
    IptablesBatch b = new IptablesBatch(Family.V4);
    assertThrows(IllegalArgumentException.class,
        () -> b.delete(new IptablesRule(Family.V4, "filter", "CROSSNET-BRIDGES", "-i x\nCOMMIT\n*filter\n-F", "ab12"), 1));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
