package io.crossnet.service.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;

/**
 * What every firewall scenario needs: the packaged service on a dual-stack {@link HostTopology}
 * with the firewall driver the concrete class names, REST helpers, real connections between
 * namespaces, and the driver's own view of the kernel ({@code nft list table inet crossnet} or
 * {@code iptables-save}/{@code ip6tables-save}) as the witness of what is left.
 */
@Privileged
abstract class FirewallDriverCase extends ServiceFixture {
  /** Long enough for any answer inside one machine; what waits this long gets no answer at all. */
  static final Duration NO_ANSWER = Duration.ofSeconds(2);

  /** {@code nftables} or {@code iptables}: the value of {@code crossnet.linux.firewall}. */
  abstract String driver();

  /** More service settings for a scenario; the driver under test is always added. */
  Map<String, String> scenario() {
    return Map.of();
  }

  @Override
  protected final Map<String, String> config() {
    Map<String, String> config = new java.util.HashMap<>(scenario());
    config.put("crossnet.linux.firewall", driver());
    return config;
  }

  @BeforeAll
  void checkDriver() {
    assertEquals(driver(), http.get("/v1/info").json().path("host").path("firewall").asText(), "the service runs the driver under test");
  }

  /** Creates a network from its JSON; returns the created network. */
  JsonNode network(String json) {
    Reply r = http.post("/v1/networks", json);
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  /** A dual-stack nat network {@code name} on 10.N.0.0/24 and fd00:N::/64, with extra top-level fields. */
  JsonNode dualStack(String name, int n, String extra) {
    return network("{\"name\":\"" + name + "\",\"driver\":\"nat\"" + (extra == null ? "" : "," + extra)
        + ",\"ipam\":{\"config\":[{\"subnet\":\"10." + n + ".0.0/24\"},{\"subnet\":\"fd00:" + n + "::/64\"}]}}");
  }

  JsonNode attach(String network, TestNetns ns, String extra) {
    Reply r = http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\"" + (extra == null ? "" : "," + extra) + "}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  void detach(String network, JsonNode endpoint) {
    Reply r = http.delete("/v1/networks/" + network + "/endpoints/" + endpoint.get("id").asText());
    assertEquals(204, r.status(), r::toString);
  }

  /** Detaches every endpoint, deletes the network and checks nothing of either is left in the firewall. */
  void deleteAll(String network) {
    JsonNode n = http.get("/v1/networks/" + network).json();
    java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of(n.get("id").asText()));
    for (JsonNode e : http.get("/v1/networks/" + network + "/endpoints").json()) {
      ids.add(e.get("id").asText());
      detach(network, e);
    }
    assertEquals(204, http.delete("/v1/networks/" + network).status());
    String left = firewall();
    for (String id : ids) {
      assertFalse(left.contains(id), () -> "the firewall still names " + id + ":\n" + left);
    }
  }

  /** The endpoint's address of one family, without its prefix length. */
  static String v4(JsonNode endpoint) {
    return endpoint.get("ipv4Address").asText().split("/")[0];
  }

  static String v6(JsonNode endpoint) {
    return endpoint.get("ipv6Address").asText().split("/")[0];
  }

  /**
   * What the driver keeps in the host namespace, as its standard tool shows it; for iptables
   * without the "Generated/Completed on TIME" comments, so two listings a second apart compare equal.
   */
  String firewall() {
    if (driver().equals("nftables")) {
      return Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").out();
    }
    return (topo.host().sh("iptables-save") + topo.host().sh("ip6tables-save")).lines()
        .filter(l -> !l.startsWith("#"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** crossnet's part of {@link #firewall()}: its table, or the lines of its chains (iptables-save's counters left out). */
  String crossnetFirewall() {
    if (driver().equals("nftables")) {
      return firewall();
    }
    return firewall().lines().filter(l -> l.contains("CROSSNET")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** The other driver left no trace: each run touches only its own objects. */
  void otherDriverUntouched() {
    if (driver().equals("nftables")) {
      assertFalse(topo.host().sh("iptables-save").contains("CROSSNET"));
    } else {
      assertTrue(Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").exit() != 0, "no nft table of crossnet");
    }
  }

  /** The peer address (canonical text) a TCP connection from {@code from} to {@code address:port} arrives with at {@code server}. */
  static String tcp(TestNetns from, ServerSocketChannel server, String address, int port) {
    NsSockets.Seen seen = NsSockets.exchange(from, server, address, port);
    assertEquals("hello", seen.line());
    return canonical(seen.peer());
  }

  static String udp(TestNetns from, DatagramChannel server, String address, int port) {
    return canonical(NsSockets.exchangeUdp(from, server, address, port));
  }

  /** RFC 5952 text (Java prints IPv6 uncompressed). */
  static String canonical(String address) {
    return io.crossnet.core.model.IpAddress.parse("peer", address).toString();
  }

  static void noTcp(TestNetns from, ServerSocketChannel server, String address, int port) {
    assertNoConnection(() -> NsSockets.exchange(from, server, address, port, NO_ANSWER), from + " -> " + address + ":" + port);
  }

  static void noUdp(TestNetns from, DatagramChannel server, String address, int port) {
    assertNoConnection(() -> NsSockets.exchangeUdp(from, server, address, port, NO_ANSWER), from + " -> udp " + address + ":" + port);
  }

  /** The attempt fails in the network stack (timeout, refused, unreachable), not for another reason. */
  static void assertNoConnection(Executable attempt, String what) {
    Throwable t = assertThrows(RuntimeException.class, attempt, what + " should not get through");
    Throwable cause = t;
    while (cause != null && !(cause instanceof java.io.IOException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null, () -> what + ": expected a failed connection, got " + t);
  }
}
