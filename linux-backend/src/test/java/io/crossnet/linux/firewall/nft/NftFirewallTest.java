package io.crossnet.linux.firewall.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Privileged
class NftFirewallTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private TestNetns host;
  private NftFirewall fw;

  @BeforeEach
  void setUp() {
    host = track(TestNetns.create("cn-nft-host"));
    fw = track(NftFirewall.open(NetNs.at(host.path())));
  }

  @AfterEach
  void tearDown() throws Exception {
    // reverse order: the firewall's context goes before its namespace
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception e) {
        // keep closing the rest; a leaked namespace is worse than a lost exception
      }
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  private static String randomId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 60);
  }

  private static FirewallNetwork net(String id, String bridge, boolean masq, boolean internal, String... subnets) {
    return new FirewallNetwork(id, bridge,
        java.util.Arrays.stream(subnets).map(s -> IpPrefix.parse("subnet", s)).toList(), masq, internal);
  }

  /** Elements as the nft CLI sees them in the host namespace: "set key" -> comment. */
  private java.util.Map<String, String> cliElements() {
    Shell.Result r = host.run("nft", "-j", "list", "table", "inet", "crossnet");
    if (r.exit() != 0) {
      return java.util.Map.of();
    }
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    try {
      for (JsonNode item : new ObjectMapper().readTree(r.out()).path("nftables")) {
        JsonNode set = item.get("set");
        if (set == null) {
          continue;
        }
        for (JsonNode e : set.path("elem")) {
          JsonNode val = e.has("elem") ? e.get("elem").get("val") : e;
          out.put(set.get("name").asText() + " " + val, e.path("elem").path("comment").asText(""));
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Test
  void baseIsIdempotentAndStaysInTheGivenNamespace() {
    fw.ensureBase();
    fw.ensureBase();
    String ruleset = host.sh("nft", "list", "table", "inet", "crossnet");
    assertEquals(1, count(ruleset, "chain postrouting"), ruleset);
    // outbound v4 and v6, hairpin v4 and v6, localhost
    assertEquals(5, count(ruleset, "masquerade"), ruleset);
    assertEquals(8, count(ruleset, "map @ports_"), ruleset);
    assertEquals(1, count(ruleset, "iifname . oifname @no_icc drop"), ruleset);
    assertEquals(1, count(ruleset, "ct state established,related accept"), ruleset);
    for (String set : List.of("nat_v4", "nat_v6", "bridges", "internal_bridges", "bridge_self", "no_icc")) {
      assertTrue(ruleset.contains("set " + set + " {"), set);
    }
    for (String map : List.of("ports_v4", "ports_any_v4", "ports_v6", "ports_any_v6")) {
      assertTrue(ruleset.contains("map " + map + " {"), map);
    }
    assertEquals("nftables", fw.name());
    assertEquals(List.of(), fw.listOwned());
  }

  @Test
  void neverTouchesOtherTables() {
    host.sh("nft", "add table inet other; add chain inet other c; add rule inet other c counter accept");
    String before = host.sh("nft", "list", "table", "inet", "other");
    String id = randomId();
    fw.ensureBase();
    fw.addNetwork(net(id, "br-" + id.substring(0, 6), true, false, "10.51.0.0/24"));
    fw.removeNetwork(net(id, "br-" + id.substring(0, 6), true, false, "10.51.0.0/24"));
    assertEquals(before, host.sh("nft", "list", "table", "inet", "other"));
  }

  @Test
  void elementsCarryOwnersAndComeAndGoIdempotently() {
    String id = randomId();
    String bridge = "cn-" + id.substring(0, 8);
    FirewallNetwork n = net(id, bridge, true, true, "10.52.0.0/24", "fd00:52::/64");
    fw.ensureBase();
    fw.addNetwork(n);
    fw.addNetwork(n);

    java.util.Map<String, String> cli = cliElements();
    String comment = "net:" + id;
    assertEquals(comment, cli.get("nat_v4 {\"prefix\":{\"addr\":\"10.52.0.0\",\"len\":24}}"), cli.toString());
    assertEquals(comment, cli.get("nat_v6 {\"prefix\":{\"addr\":\"fd00:52::\",\"len\":64}}"), cli.toString());
    assertEquals(comment, cli.get("bridges \"" + bridge + "\""), cli.toString());
    assertEquals(comment, cli.get("internal_bridges \"" + bridge + "\""), cli.toString());
    assertEquals(comment, cli.get("bridge_self {\"concat\":[\"" + bridge + "\",\"" + bridge + "\"]}"), cli.toString());
    assertEquals(5, cli.size(), cli.toString());

    Set<OwnedObject> owned = Set.copyOf(fw.listOwned());
    assertEquals(Set.of(
        new OwnedObject("nft-element", "nat_v4 10.52.0.0/24", id),
        new OwnedObject("nft-element", "nat_v6 fd00:52::/64", id),
        new OwnedObject("nft-element", "bridges " + bridge, id),
        new OwnedObject("nft-element", "internal_bridges " + bridge, id),
        new OwnedObject("nft-element", "bridge_self " + bridge + " . " + bridge, id)), owned);

    // no longer internal: the internal element goes, the rest stays
    fw.addNetwork(net(id, bridge, true, false, "10.52.0.0/24", "fd00:52::/64"));
    assertFalse(cliElements().containsKey("internal_bridges \"" + bridge + "\""));
    assertEquals(4, fw.listOwned().size());

    // the context was made inside the host namespace and is used from this thread, which is not
    assertFalse(Shell.run("nft", "list", "table", "inet", "crossnet").out().contains(comment));

    fw.removeNetwork(n);
    assertEquals(java.util.Map.of(), cliElements());
    fw.removeNetwork(n);
    assertEquals(List.of(), fw.listOwned());
  }

  @Test
  void removeAndListWithoutTableAreQuiet() {
    String id = randomId();
    fw.removeNetwork(net(id, "br0", true, false, "10.53.0.0/24"));
    assertEquals(List.of(), fw.listOwned());
    // addNetwork creates the base when the table is gone (say after 'nft flush ruleset')
    fw.addNetwork(net(id, "br0", true, false, "10.53.0.0/24"));
    assertTrue(host.sh("nft", "list", "table", "inet", "crossnet").contains("masquerade"));
    assertEquals(2 + 1, fw.listOwned().size());
  }

  @Test
  void keyLeftByAnotherOwnerIsTakenOverAndTheLeftoverGoesByOwner() {
    String a = randomId();
    String b = randomId();
    fw.ensureBase();
    fw.addNetwork(net(a, "br-a", true, false, "10.54.0.0/24"));
    // a leftover of network a (no record any more) and network b reusing its subnet
    fw.addNetwork(net(b, "br-b", true, false, "10.54.0.0/24"));
    assertTrue(fw.listOwned().contains(new OwnedObject("nft-element", "nat_v4 10.54.0.0/24", b)));
    // the reconciler removes what a left by owner, from a listing
    fw.removeOwner(a);
    assertEquals(Set.of("nat_v4 10.54.0.0/24", "bridges br-b", "bridge_self br-b . br-b"),
        fw.listOwned().stream().map(OwnedObject::name).collect(Collectors.toSet()));
  }

  @Test
  void iccOffIsOneElementAndChangesOfShapeLeaveNothing() {
    String id = randomId();
    fw.ensureBase();
    fw.addNetwork(new FirewallNetwork(id, "br-i", List.of(IpPrefix.parse("s", "10.57.0.0/24")), true, false, false));
    assertTrue(fw.listOwned().contains(new OwnedObject("nft-element", "no_icc br-i . br-i", id)), fw.listOwned()::toString);
    fw.addNetwork(net(id, "br-i", true, false, "10.57.0.0/24"));
    assertEquals(Set.of("nat_v4 10.57.0.0/24", "bridges br-i", "bridge_self br-i . br-i"),
        fw.listOwned().stream().map(OwnedObject::name).collect(Collectors.toSet()));
    fw.removeNetwork(net(id, "br-i", true, false, "10.57.0.0/24"));
    fw.removeNetwork(net(id, "br-i", true, false, "10.57.0.0/24"));
    assertEquals(List.of(), fw.listOwned());
  }

  @Test
  void portsComeAndGoWithoutListingAndALeftoverKeyIsTakenOver() {
    String a = randomId();
    String b = randomId();
    fw.ensureBase();
    FirewallPorts pa = ports(a, "10.58.0.2", new PortMapping("tcp", null, 8080, 80, 1), new PortMapping("udp", null, 5353, 53, 2));
    fw.addPorts(pa);
    fw.addPorts(pa);
    assertEquals(Set.of("ports_any_v4 tcp . 8080", "ports_any_v4 udp . 5353", "ports_any_v4 udp . 5354"),
        fw.listOwned().stream().map(OwnedObject::name).collect(Collectors.toSet()));
    // a's element stays behind (say its record went in a crash) and b is given the same host port
    FirewallPorts pb = ports(b, "10.58.0.3", new PortMapping("tcp", null, 8080, 80, 1));
    fw.addPorts(pb);
    assertTrue(fw.listOwned().contains(new OwnedObject("nft-element", "ports_any_v4 tcp . 8080", b)), fw.listOwned()::toString);
    // a's delete finds its key mapping elsewhere and deletes only what still names a
    fw.removePorts(pa);
    assertEquals(List.of(new OwnedObject("nft-element", "ports_any_v4 tcp . 8080", b)), fw.listOwned());
    fw.removePorts(pb);
    fw.removePorts(pb);
    assertEquals(List.of(), fw.listOwned());
  }

  /**
   * The port maps written as netlink messages read back exactly as the same elements written by
   * libnftables from text: keys, values and owner comments, both families, and a range large
   * enough (2,000 ports, 4,000 elements) that its batch outgrows the socket's default send buffer
   * and every map needs several messages. Sent on a socket of the test's own, so no fallback to
   * libnftables can hide a malformed message.
   */
  @Test
  void portElementsWrittenAsMessagesListLikeTheTextOnes() throws IOException {
    String a = randomId();
    fw.ensureBase();
    IpAddress v4 = IpAddress.parse("t", "10.58.0.2");
    IpAddress v6 = IpAddress.parse("t", "fd00:58::2");
    List<NftElement> elements = NftRuleset.elementsOf(new FirewallPorts(a, "ff00", "cnbr", v4, v6, List.of(
        new PortMapping("tcp", null, 8080, 80, 1),
        new PortMapping("udp", IpAddress.parse("t", "192.0.2.1"), 5353, 53, 1),
        new PortMapping("sctp", IpAddress.parse("t", "fd00:1::1"), 9000, 90, 1),
        new PortMapping("tcp", null, 20000, 30000, 2000))));
    try (NetlinkSocket nl = NetNs.at(host.path()).run(NetlinkSocket::openNetfilter)) {
      nl.executeBatch("nft test", NftElementMessages.begin(), NftElementMessages.add(elements), NftElementMessages.end());
      String viaMessages = portMaps();
      assertTrue(viaMessages.contains("tcp . 8080 comment \"net:" + a + "\" : 10.58.0.2 . 80"), viaMessages);
      assertTrue(viaMessages.contains("192.0.2.1 . udp . 5353 comment \"net:" + a + "\" : 10.58.0.2 . 53"), viaMessages);
      assertTrue(viaMessages.contains("fd00:1::1 . sctp . 9000 comment \"net:" + a + "\" : fd00:58::2 . 90"), viaMessages);
      assertTrue(viaMessages.contains("tcp . 20999 comment \"net:" + a + "\" : fd00:58::2 . 30999"), viaMessages);
      assertEquals(2 * 2001 + 2, fw.listOwned().size());

      nl.executeBatch("nft test", NftElementMessages.begin(), NftElementMessages.delete(elements), NftElementMessages.end());
      assertEquals(List.of(), fw.listOwned());
      // too long for one argument: nft reads it from a file
      Path text = Files.createTempFile("cn-nft-ports", ".nft");
      try {
        Files.writeString(text, NftRuleset.add(elements));
        host.sh("nft", "-f", text.toString());
      } finally {
        Files.delete(text);
      }
      assertEquals(viaMessages, portMaps());
    }
  }

  /** A refused message fails the whole batch: what came before it in the batch is not applied either. */
  @Test
  void aRefusedElementBatchChangesNothingAndSaysWhy() {
    fw.ensureBase();
    NftElement kept = new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "7001"), List.of("10.58.0.2", "1"), randomId());
    NftElement absent = new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "7002"), List.of("10.58.0.2", "2"), randomId());
    try (NetlinkSocket nl = NetNs.at(host.path()).run(NetlinkSocket::openNetfilter)) {
      List<MessageBuilder> batch = new ArrayList<>(NftElementMessages.add(List.of(kept)));
      batch.addAll(NftElementMessages.delete(List.of(absent)));
      BackendFailure f = assertThrows(BackendFailure.class,
          () -> nl.executeBatch("nft test", NftElementMessages.begin(), batch, NftElementMessages.end()));
      assertEquals("ENOENT", f.code(), f.getMessage());
      assertEquals(List.of(), fw.listOwned());
      // the socket pairs answers with requests after a refusal
      nl.executeBatch("nft test", NftElementMessages.begin(), NftElementMessages.add(List.of(kept)), NftElementMessages.end());
      assertEquals(List.of(kept.owned()), fw.listOwned());
    }
  }

  /** The port maps' elements as the nft CLI prints them, "map: element" each, sorted (a hash map lists in no fixed order). */
  private String portMaps() {
    List<String> out = new ArrayList<>();
    for (String map : List.of("ports_v4", "ports_any_v4", "ports_v6", "ports_any_v6")) {
      String listing = host.sh("nft", "list", "map", "inet", "crossnet", map);
      int open = listing.indexOf("elements = {");
      if (open >= 0) {
        for (String e : listing.substring(open + 12, listing.indexOf('}', open)).split(",")) {
          out.add(map + ": " + e.strip());
        }
      }
    }
    return out.stream().sorted().collect(Collectors.joining("\n"));
  }

  private static FirewallPorts ports(String owner, String target, PortMapping... m) {
    return new FirewallPorts(owner, "ff00", "cnbr", IpAddress.parse("t", target), null, List.of(m));
  }

  @Test
  void refusalsAreBackendFailuresWithNftText() {
    fw.ensureBase();
    fw.addNetwork(net(randomId(), "br-a", true, false, "10.55.0.0/24"));
    BackendFailure f = assertThrows(BackendFailure.class,
        () -> fw.addNetwork(net(randomId(), "br-b", true, false, "10.55.0.0/25")));
    assertTrue(f.operation().startsWith("nft add network"), f.operation());
    assertEquals("nft", f.code());
    assertTrue(f.getMessage().contains("overlap"), f.getMessage());
    // the failed transaction left nothing of br-b behind
    assertFalse(fw.listOwned().stream().anyMatch(o -> o.name().contains("br-b")));
    assertThrows(IllegalArgumentException.class, () -> fw.addNetwork(net("zz", "br-a", false, false)));
    assertThrows(IllegalArgumentException.class, () -> fw.addNetwork(net(randomId(), "br\"x", false, false)));
  }

  @Test
  void concurrentCallersAreSerialized() throws Exception {
    fw.ensureBase();
    List<FirewallNetwork> nets = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      nets.add(net(randomId(), "br-c" + i, true, i % 2 == 0, "10.56." + i + ".0/24"));
    }
    // a second instance on the same namespace shares the process-wide library lock
    NftFirewall second = track(NftFirewall.open(NetNs.at(host.path())));
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int i = 0; i < nets.size(); i++) {
      FirewallNetwork n = nets.get(i);
      NftFirewall target = i % 2 == 0 ? fw : second;
      Thread t = new Thread(() -> {
        try {
          target.addNetwork(n);
          target.listOwned();
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), List.copyOf(errors));
    // 8 bridges, 8 self pairs, 4 internal, 8 nat
    assertEquals(28, fw.listOwned().size());
  }

  @Test
  void closedFirewallRefusesCalls() {
    NftFirewall other = track(NftFirewall.open(NetNs.at(host.path())));
    other.close();
    other.close();
    assertThrows(IllegalStateException.class, other::ensureBase);
  }

  /**
   * sandbox "a" (10.77.X.2) - host (10.77.X.1 | 192.0.2.1) - "world" (192.0.2.2, no route back to
   * 10.77.X.0/24). Without masquerade the SYN-ACK cannot return; with it the world sees 192.0.2.1.
   */
  @Test
  void masqueradeRewritesSourceAndInternalBlocks() throws Exception {
    int x = ThreadLocalRandom.current().nextInt(1, 255);
    String subnet = "10.77." + x + ".0/24";
    TestNetns a = track(TestNetns.create("cn-nft-a"));
    TestNetns world = track(TestNetns.create("cn-nft-w"));
    host.sh("ip", "link", "add", "vh-a", "type", "veth", "peer", "name", "eth0", "netns", a.name());
    host.sh("ip", "link", "add", "vh-w", "type", "veth", "peer", "name", "eth0", "netns", world.name());
    host.sh("ip", "addr", "add", "10.77." + x + ".1/24", "dev", "vh-a");
    host.sh("ip", "addr", "add", "192.0.2.1/24", "dev", "vh-w");
    host.sh("ip", "link", "set", "vh-a", "up");
    host.sh("ip", "link", "set", "vh-w", "up");
    a.sh("ip", "addr", "add", "10.77." + x + ".2/24", "dev", "eth0");
    a.sh("ip", "link", "set", "eth0", "up");
    a.sh("ip", "route", "add", "default", "via", "10.77." + x + ".1");
    world.sh("ip", "addr", "add", "192.0.2.2/24", "dev", "eth0");
    world.sh("ip", "link", "set", "eth0", "up");
    host.sh("sysctl", "-w", "net.ipv4.ip_forward=1");

    ServerSocket server = track(NetNs.at(world.path()).run(() -> {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("192.0.2.2", 9000));
      return s;
    }));
    server.setSoTimeout(5000);

    fw.ensureBase();
    assertFalse(connects(a), "without masquerade the world cannot answer 10.77.x.2");

    String id = randomId();
    fw.addNetwork(net(id, "vh-a", true, false, subnet));
    try (Socket client = connect(a, 3000); Socket peer = server.accept()) {
      assertEquals(InetAddress.getByName("192.0.2.1"), peer.getInetAddress());
      assertTrue(client.isConnected());
    }

    fw.addNetwork(net(id, "vh-a", true, true, subnet));
    assertFalse(connects(a), "an internal network has no way out");

    fw.removeNetwork(net(id, "vh-a", true, true, subnet));
    assertFalse(connects(a), "removed: masquerade is gone too");
  }

  private static boolean connects(TestNetns from) {
    try (Socket s = connect(from, 1500)) {
      return true;
    } catch (RuntimeException | IOException e) {
      return false;
    }
  }

  /** A socket created (and connected) inside {@code from}; it stays in that namespace. */
  private static Socket connect(TestNetns from, int timeoutMillis) {
    return NetNs.at(from.path()).run(() -> {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress("192.0.2.2", 9000), timeoutMillis);
        return s;
      } catch (IOException e) {
        s.close();
        throw new IllegalStateException("connect failed: " + e, e);
      }
    });
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
