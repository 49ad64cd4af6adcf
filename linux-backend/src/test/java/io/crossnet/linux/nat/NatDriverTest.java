package io.crossnet.linux.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import io.crossnet.linux.LinuxBackend;
import io.crossnet.linux.LinuxBackendConfig;
import io.crossnet.linux.firewall.nft.NftFirewall;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * nat networks end to end through {@link LinuxBackend}: a namespace plays the host, two more are
 * the sandboxes, and real pings between them prove the wiring. Only addresses inside these
 * namespaces are ever contacted.
 */
@Privileged
class NatDriverTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private TestNetns host;
  private TestNetns sandboxA;
  private TestNetns sandboxB;
  private LinuxBackend backend;

  @BeforeEach
  void setUp() {
    host = track(TestNetns.create("cn-nat-host"));
    sandboxA = track(TestNetns.create("cn-nat-a"));
    sandboxB = track(TestNetns.create("cn-nat-b"));
    NftFirewall fw = track(NftFirewall.open(NetNs.at(host.path())));
    backend = track(new LinuxBackend(new LinuxBackendConfig(host.path(), fw)));
  }

  @AfterEach
  void tearDown() {
    // reverse order: backend and firewall close before their namespaces go; deleting the
    // namespaces removes every bridge and veth the test made in them
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

  /** A dual-stack nat network on 10.63.0.0/24 and fd00:63::/64. */
  private static Network network(boolean internal, Map<String, String> options) {
    return network(NetworkType.NAT, 63, internal, options);
  }

  /** A dual-stack network on 10.N.0.0/24 and fd00:N::/64, gateways at .1 and ::1. */
  private static Network network(NetworkType type, int n, boolean internal, Map<String, String> options) {
    Subnet v4 = new Subnet(IpPrefix.parse("v4", "10." + n + ".0.0/24"), IpAddress.parse("gw", "10." + n + ".0.1"), null, Map.of());
    Subnet v6 = new Subnet(IpPrefix.parse("v6", "fd00:" + n + "::/64"), IpAddress.parse("gw", "fd00:" + n + "::1"), null, Map.of());
    return new Network(Ids.newId(), "n" + n, type, Scope.LOCAL, internal, List.of(v4, v6), options, Map.of(),
        Instant.now(), LifecycleState.PENDING, List.of());
  }

  /** An endpoint with interface eth0 and the {@code host}-th address of each of the network's subnets. */
  private static Endpoint endpoint(Network n, TestNetns sandbox, int host) {
    String id = Ids.newId();
    Subnet v4 = n.subnets().get(0);
    Subnet v6 = n.subnets().get(1);
    return new Endpoint(id, n.id(), new SandboxRef(sandbox.path()), "eth0", "e" + host, List.of(),
        new IpPrefix(v4.subnet().first().plus(host), 24), new IpPrefix(v6.subnet().first().plus(host), 64), Ids.macFor(id),
        v4.gateway(), v6.gateway(), Instant.now(), LifecycleState.PENDING, List.of());
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode link(TestNetns ns, String name) {
    return json(ns.sh("ip", "-j", "-d", "addr", "show", "dev", name)).get(0);
  }

  private static Set<String> addrs(JsonNode link) {
    Set<String> out = new HashSet<>();
    link.path("addr_info").forEach(a -> out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt()));
    return out;
  }

  private static boolean exists(TestNetns ns, String name) {
    return ns.run("ip", "link", "show", "dev", name).exit() == 0;
  }

  /** One ICMP echo from {@code from} must be answered; busybox is the ping this image has. */
  private static void assertPings(TestNetns from, String to) {
    Shell.Result r = from.run("busybox", to.contains(":") ? "ping6" : "ping", "-c1", "-W2", to);
    assertEquals(0, r.exit(), from.name() + " -> " + to + ": " + r.out() + r.err());
  }

  private String nftTable() {
    Shell.Result r = host.run("nft", "list", "table", "inet", "crossnet");
    return r.exit() == 0 ? r.out() : "";
  }

  @Test
  void createNetworkMakesAMarkedBridgeWithTheGateways() {
    Network n = network(false, Map.of("mtu", "1400"));
    backend.createNetwork(n);
    String bridge = NatNames.bridge(n);
    assertEquals(0, link(host, bridge).path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1));
    // a retried create converges on the same objects, snooping off again as well (an adopted bridge)
    host.sh("ip", "link", "set", bridge, "type", "bridge", "mcast_snooping", "1");
    backend.createNetwork(n);

    JsonNode ip = link(host, bridge);
    assertEquals(0, ip.path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1), ip.toString());
    assertEquals("bridge", ip.path("linkinfo").path("info_kind").asText(), ip.toString());
    assertEquals("crossnet:" + n.id(), ip.path("ifalias").asText(), ip.toString());
    assertEquals(1400, ip.path("mtu").asInt(), ip.toString());
    assertTrue(ip.path("flags").toString().contains("\"UP\""), ip.toString());
    assertTrue(addrs(ip).containsAll(Set.of("10.63.0.1/24", "fd00:63::1/64")), ip.toString());

    assertEquals("1", host.sh("cat", "/proc/sys/net/ipv4/ip_forward").trim());
    assertEquals("1", host.sh("cat", "/proc/sys/net/ipv6/conf/all/forwarding").trim());
    assertTrue(nftTable().contains("\"" + bridge + "\""), nftTable());
    assertTrue(backend.listOwned().contains(new OwnedObject("nft-element", "nat_v4 10.63.0.0/24", n.id())));
    assertEquals("1", backend.info().get("ip_forward"));
  }

  @Test
  void onlyNatNetworksAreMasqueradedByDefault() {
    // a bridge network is a routed segment without NAT unless its options ask for masquerade
    Network nat = network(NetworkType.NAT, 64, false, Map.of());
    Network bridge = network(NetworkType.BRIDGE, 65, false, Map.of());
    Network asked = network(NetworkType.BRIDGE, 66, false, Map.of("masquerade", "true"));
    backend.createNetwork(nat);
    backend.createNetwork(bridge);
    backend.createNetwork(asked);
    Set<String> masqueraded = backend.listOwned().stream()
        .filter(o -> o.name().startsWith("nat_v")).map(OwnedObject::ownerId).collect(Collectors.toSet());
    assertEquals(Set.of(nat.id(), asked.id()), masqueraded);
  }

  @Test
  void attachedSandboxesTalkToEachOtherAndTheGateway() {
    Network n = network(false, Map.of("mtu", "1400"));
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, a);
    backend.attach(n, b);

    JsonNode eth0 = link(sandboxA, "eth0");
    assertEquals(a.macAddress(), eth0.path("address").asText(), eth0.toString());
    assertEquals(1400, eth0.path("mtu").asInt(), eth0.toString());
    assertTrue(eth0.path("flags").toString().contains("\"UP\""), eth0.toString());
    assertTrue(addrs(eth0).containsAll(Set.of("10.63.0.2/24", "fd00:63::2/64")), eth0.toString());
    assertTrue(eth0.path("addr_info").findValuesAsText("broadcast").contains("10.63.0.255"), eth0.toString());
    assertTrue(sandboxA.sh("ip", "route", "show", "default").contains("via 10.63.0.1 dev eth0"));
    assertTrue(sandboxA.sh("ip", "-6", "route", "show", "default").contains("via fd00:63::1 dev eth0"));

    JsonNode veth = link(host, NatNames.hostVeth(a));
    assertEquals(NatNames.bridge(n), veth.path("master").asText(), veth.toString());
    assertEquals("crossnet:" + a.id(), veth.path("ifalias").asText(), veth.toString());

    assertPings(sandboxA, "10.63.0.3");
    assertPings(sandboxB, "10.63.0.2");
    assertPings(sandboxA, "fd00:63::3");
    assertPings(sandboxA, "10.63.0.1");
    assertPings(sandboxB, "fd00:63::1");
  }

  /**
   * A bridge without an address of its own takes its lowest port's and changes it when that port
   * goes: the sandboxes' cached gateway address then leads nowhere until their ARP entries expire
   * (a crash test found endpoints cut off from their gateway after another one left). So the bridge
   * has a fixed address, the same when a repair makes it again.
   */
  @Test
  void theBridgeKeepsItsAddressWhilePortsComeAndGoAndAfterARepair() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    String bridge = NatNames.bridge(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    backend.attach(n, a);
    // lower than any address the bridge could have: a bridge that follows its ports would take it
    host.sh("ip", "link", "set", NatNames.hostVeth(a), "address", "02:00:00:00:00:01");
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, b);
    assertEquals(NatNames.bridgeMac(n), link(host, bridge).path("address").asText());
    assertPings(sandboxB, "10.63.0.1"); // b has the gateway's address cached now

    backend.detach(n, a);
    assertEquals(NatNames.bridgeMac(n), link(host, bridge).path("address").asText());
    assertPings(sandboxB, "10.63.0.1");

    host.sh("ip", "link", "del", bridge);
    assertTrue(backend.repair(n));
    assertTrue(backend.repair(n, b));
    assertEquals(NatNames.bridgeMac(n), link(host, bridge).path("address").asText());
    assertPings(sandboxB, "10.63.0.1");
  }

  /**
   * Every host end of a network's pairs has the network's one port address, so the bridge keeps a
   * single local FDB entry for them however many ports it has; the entry moves to another port
   * when its own goes, and traffic between ports and to the gateway is unchanged.
   */
  @Test
  void theHostEndsShareOneAddressSoTheBridgeHoldsOneLocalEntryForThem() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    String bridge = NatNames.bridge(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, a);
    backend.attach(n, b);
    String portMac = NatNames.portMac(n);
    assertFalse(portMac.equals(NatNames.bridgeMac(n)));
    assertEquals(portMac, link(host, NatNames.hostVeth(a)).path("address").asText());
    assertEquals(portMac, link(host, NatNames.hostVeth(b)).path("address").asText());
    assertEquals(List.of(NatNames.hostVeth(a)), localEntries(bridge, portMac));
    assertPings(sandboxA, "10.63.0.3");
    assertPings(sandboxB, "10.63.0.2");

    backend.detach(n, a);
    assertEquals(List.of(NatNames.hostVeth(b)), localEntries(bridge, portMac));
    assertPings(sandboxB, "10.63.0.1");
  }

  /** The ports holding the bridge's permanent (local) FDB entries for {@code mac}. */
  private List<String> localEntries(String bridge, String mac) {
    List<String> ports = new ArrayList<>();
    json(host.sh("bridge", "-j", "fdb", "show", "br", bridge)).forEach(e -> {
      if (mac.equals(e.path("mac").asText()) && "permanent".equals(e.path("state").asText())) {
        ports.add(e.path("ifname").asText());
      }
    });
    return ports;
  }

  @Test
  void attachTwiceConverges() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, a);
    backend.attach(n, b);
    backend.attach(n, a);

    JsonNode links = json(sandboxA.sh("ip", "-j", "link", "show"));
    assertEquals(Set.of("lo", "eth0"), names(links), links.toString());
    assertEquals(Set.of("10.63.0.2/24", "fd00:63::2/64"),
        addrs(link(sandboxA, "eth0")).stream().filter(s -> !s.startsWith("fe80")).collect(Collectors.toSet()));
    long ports = names(json(host.sh("ip", "-j", "link", "show", "master", NatNames.bridge(n)))).size();
    assertEquals(2, ports);
    assertPings(sandboxA, "10.63.0.3");
  }

  @Test
  void attachRefusesAnInterfaceNameTheSandboxAlreadyUses() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    sandboxA.sh("ip", "link", "add", "eth0", "type", "bridge");
    BackendFailure f = assertThrows(BackendFailure.class, () -> backend.attach(n, endpoint(n, sandboxA, 2)));
    assertEquals("EEXIST", f.code());
    assertTrue(f.getMessage().contains("the sandbox already has an interface named eth0"), f.getMessage());
  }

  @Test
  void detachRemovesBothEndsAndIsRepeatable() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    backend.attach(n, a);
    assertTrue(exists(host, NatNames.hostVeth(a)));

    backend.detach(n, a);
    assertFalse(exists(host, NatNames.hostVeth(a)));
    assertFalse(exists(sandboxA, "eth0"));
    backend.detach(n, a);
  }

  @Test
  void listOwnedReportsLinksAndFirewallElements() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    backend.attach(n, a);

    List<OwnedObject> owned = backend.listOwned();
    assertTrue(owned.contains(new OwnedObject("link", NatNames.bridge(n), n.id())), owned.toString());
    assertTrue(owned.contains(new OwnedObject("link", NatNames.hostVeth(a), a.id(), NatNames.bridge(n))), owned.toString());
    assertTrue(owned.contains(new OwnedObject("nft-element", "bridges " + NatNames.bridge(n), n.id())), owned.toString());
  }

  /**
   * A reconciler pass checks endpoints against its one listing: a host veth listed as a port of
   * the network's bridge needs no lookup; one listed off the bridge, or not listed, is looked up
   * and put back.
   */
  @Test
  void aRepairAgainstAListingLooksUpWhatTheListingDoesNotShowOnTheBridge() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    backend.attach(n, a);
    String veth = NatNames.hostVeth(a);
    assertFalse(backend.repair(n, a, listedOf(a)));

    host.sh("ip", "link", "set", veth, "nomaster");
    List<OwnedObject> offTheBridge = listedOf(a);
    assertEquals(List.of(new OwnedObject("link", veth, a.id())), offTheBridge);
    assertTrue(backend.repair(n, a, offTheBridge));
    assertEquals(NatNames.bridge(n), link(host, veth).path("master").asText());
    assertPings(sandboxA, "10.63.0.1");

    host.sh("ip", "link", "del", veth);
    assertTrue(backend.repair(n, a, List.of()));
    assertEquals(NatNames.bridge(n), link(host, veth).path("master").asText());
    assertPings(sandboxA, "10.63.0.1");
  }

  private List<OwnedObject> listedOf(Endpoint e) {
    return backend.listOwned().stream().filter(o -> e.id().equals(o.ownerId())).toList();
  }

  @Test
  void deleteNetworkRemovesTheBridgeAndFirewallElements() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    backend.attach(n, a);
    backend.detach(n, a);

    backend.deleteNetwork(n);
    assertFalse(exists(host, NatNames.bridge(n)));
    String table = nftTable();
    assertFalse(table.contains(NatNames.bridge(n)), table);
    assertFalse(table.contains(n.id()), table);
    assertEquals(List.of(), backend.listOwned());
    // a retried delete finds nothing and succeeds
    backend.deleteNetwork(n);
  }

  @Test
  void deleteNetworkLeavesABridgeThatIsNotItsOwn() {
    Network n = network(false, Map.of());
    host.sh("ip", "link", "add", NatNames.bridge(n), "type", "bridge");
    host.sh("ip", "link", "set", NatNames.bridge(n), "alias", "someone-else");
    backend.deleteNetwork(n);
    assertTrue(exists(host, NatNames.bridge(n)));
  }

  @Test
  void internalNetworkGetsNoDefaultRoute() {
    Network n = network(true, Map.of());
    backend.createNetwork(n);
    Endpoint a = endpoint(n, sandboxA, 2);
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, a);
    backend.attach(n, b);

    assertEquals("", sandboxA.sh("ip", "route", "show", "default").trim());
    assertEquals("", sandboxA.sh("ip", "-6", "route", "show", "default").trim());
    assertTrue(nftTable().contains("internal_bridges"), nftTable());
    // no way out, so nothing to masquerade
    assertFalse(backend.listOwned().stream().anyMatch(o -> o.name().startsWith("nat_v")), backend.listOwned().toString());
    // still one L2 segment
    assertPings(sandboxA, "10.63.0.3");
  }

  @Test
  void aBridgeWithAllItsPortsTakenMakesTheNetworkFullNotAFailure() throws IOException {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    // fill the bridge with plain ports (one ip -batch: the kernel's limit is what is under test)
    String bridge = NatNames.bridge(n);
    Path batch = Files.createTempFile("cn-fill", ".ip");
    try {
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < NatDriver.MAX_BRIDGE_PORTS; i++) {
        lines.append("link add cnf").append(i).append(" master ").append(bridge).append(" type veth peer name cng").append(i).append('\n');
      }
      Files.writeString(batch, lines);
      host.sh("ip", "-batch", batch.toString());
    } finally {
      Files.delete(batch);
    }
    Endpoint e = endpoint(n, sandboxA, 2);
    Exhausted full = assertThrows(Exhausted.class, () -> backend.attach(n, e));
    assertTrue(full.getMessage().contains("is full") && full.getMessage().contains("1023"), full.getMessage());
    // what a refused attach undoes, as the flow does: nothing of it is left
    backend.detach(n, e);
    assertFalse(exists(host, NatNames.hostVeth(e)));
    assertFalse(exists(sandboxA, "eth0"));
  }

  @Test
  void anAttachFindsABridgeReplacedBehindItsBack() {
    Network n = network(false, Map.of());
    backend.createNetwork(n);
    backend.attach(n, endpoint(n, sandboxA, 2));
    String bridge = NatNames.bridge(n);
    int before = link(host, bridge).path("ifindex").asInt();
    // someone replaces the bridge: same name, another ifindex than the one the first attach used
    host.sh("ip", "link", "del", bridge);
    host.sh("ip", "link", "add", bridge, "type", "bridge");
    host.sh("ip", "link", "set", bridge, "up");
    int after = link(host, bridge).path("ifindex").asInt();
    Endpoint b = endpoint(n, sandboxB, 3);
    backend.attach(n, b);
    assertTrue(after != before, "a new bridge has a new index");
    assertEquals(bridge, link(host, NatNames.hostVeth(b)).path("master").asText(), "the veth is a port of the bridge there now");
  }

  @Test
  void checkSandboxTellsMissingAndNonNamespacePathsApart() throws IOException {
    backend.checkSandbox(new SandboxRef(sandboxA.path()));

    InvalidRequest missing = assertThrows(InvalidRequest.class,
        () -> backend.checkSandbox(new SandboxRef(sandboxA.path() + "-gone")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

    Path file = Files.createTempFile("cn-not-netns", "");
    try {
      InvalidRequest notNs = assertThrows(InvalidRequest.class, () -> backend.checkSandbox(new SandboxRef(file.toString())));
      assertTrue(notNs.getMessage().contains("is not a network namespace"), notNs.getMessage());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Set<String> names(JsonNode links) {
    Set<String> out = new HashSet<>();
    links.forEach(l -> out.add(l.path("ifname").asText()));
    return out;
  }
}
