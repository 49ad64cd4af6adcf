package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.HostTopology.LanNic;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * {@code bridge} networks with real packets: routed (the LAN peer sees the endpoint's own
 * address), internal (nothing leaves), and with a parent NIC enslaved as the uplink of the
 * segment (released, untouched otherwise, when the network goes).
 */
@Privileged
class BridgeNetworkIT extends ServiceFixture {

  @Test
  void driversReportBridgeAsSupported() {
    JsonNode bridge = driver("bridge");
    assertTrue(bridge.get("supported").asBoolean(), bridge::toString);
    assertTrue(bridge.get("detail").asText().contains("routed"), bridge::toString);
  }

  @Test
  void routedBridgeReachesTheLanWithoutNat() throws Exception {
    TestNetns c = topo.sandbox("br");
    Reply net = http.post("/v1/networks",
        "{\"name\":\"routed\",\"driver\":\"bridge\",\"ipam\":{\"config\":[{\"subnet\":\"10.71.0.0/24\",\"gateway\":\"10.71.0.1\"}]}}");
    assertEquals(201, net.status(), net::toString);
    Reply ep = tryAttach("routed", c);
    assertEquals(201, ep.status(), ep::toString);
    assertEquals("10.71.0.2/24", ep.json().get("ipv4Address").asText());
    // the LAN routes the endpoint subnet to the host, as a router announcing it would
    topo.world().sh("ip", "route", "add", "10.71.0.0/24", "via", HostTopology.HOST_UPLINK);
    try {
      try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9100)) {
        assertEquals("10.71.0.2", NsSockets.exchange(c, server, HostTopology.WORLD, 9100).peer(), "routed: no masquerade");
      }
      try (ServerSocketChannel server = NsSockets.listen(c, 9101)) {
        assertEquals(HostTopology.WORLD, NsSockets.exchange(topo.world(), server, "10.71.0.2", 9101).peer(),
            "the LAN reaches the endpoint at its own address");
      }
    } finally {
      topo.world().run("ip", "route", "del", "10.71.0.0/24");
    }
    assertEquals(204, http.delete("/v1/networks/routed/endpoints/" + ep.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/routed").status());
    assertEquals(java.util.List.of(), topo.crossnetLinks());
  }

  @Test
  void internalBridgeCannotLeave() throws Exception {
    TestNetns c = topo.sandbox("bi");
    TestNetns d = topo.sandbox("bj");
    Reply net = http.post("/v1/networks",
        "{\"name\":\"closed\",\"driver\":\"bridge\",\"internal\":true,\"ipam\":{\"config\":[{\"subnet\":\"10.72.0.0/24\"}]}}");
    assertEquals(201, net.status(), net::toString);
    String e1 = tryAttach("closed", c).json().get("id").asText();
    String e2 = tryAttach("closed", d).json().get("id").asText();
    topo.world().sh("ip", "route", "add", "10.72.0.0/24", "via", HostTopology.HOST_UPLINK);
    try {
      try (ServerSocketChannel server = NsSockets.listen(d, 9102)) {
        assertEquals("10.72.0.2", NsSockets.exchange(c, server, "10.72.0.3", 9102).peer(), "inside the segment all is well");
      }
      assertFalse(c.sh("ip", "route").contains("default"), "an internal network gives no default route");
      // even with a route put in by hand, the host does not forward it
      c.sh("ip", "route", "add", "default", "via", "10.72.0.1");
      try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9103)) {
        assertNoConnection(() -> NsSockets.exchange(c, server, HostTopology.WORLD, 9103));
      }
      try (ServerSocketChannel server = NsSockets.listen(c, 9104)) {
        assertNoConnection(() -> NsSockets.exchange(topo.world(), server, "10.72.0.2", 9104));
      }
    } finally {
      topo.world().run("ip", "route", "del", "10.72.0.0/24");
    }
    assertEquals(204, http.delete("/v1/networks/closed/endpoints/" + e1).status());
    assertEquals(204, http.delete("/v1/networks/closed/endpoints/" + e2).status());
    assertEquals(204, http.delete("/v1/networks/closed").status());
  }

  @Test
  void parentNicJoinsTheSegmentAndIsReleasedOnDelete() throws Exception {
    LanNic nic = topo.lanNic();
    topo.world().sh("ip", "addr", "add", "10.73.0.200/24", "dev", nic.lan());
    TestNetns c = topo.sandbox("bp");
    Reply net = http.post("/v1/networks", "{\"name\":\"seg\",\"driver\":\"bridge\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.73.0.0/24\",\"gateway\":\"10.73.0.1\"}]}}");
    assertEquals(201, net.status(), net::toString);
    String bridge = "cn" + net.json().get("id").asText().substring(0, 13);
    assertTrue(topo.host().sh("ip", "-d", "link", "show", nic.host()).contains("master " + bridge));

    Reply ep = tryAttach("seg", c);
    assertEquals(201, ep.status(), ep::toString);
    String mac = ep.json().get("macAddress").asText();
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9105)) {
      assertEquals("10.73.0.2", NsSockets.exchange(c, server, "10.73.0.200", 9105).peer());
    }
    String neigh = topo.world().sh("ip", "neigh", "show", "10.73.0.2");
    assertTrue(neigh.contains(mac), "the peer learned the endpoint's own MAC on the wire: " + neigh);

    Reply taken = http.post("/v1/networks", "{\"name\":\"seg2\",\"driver\":\"bridge\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.75.0.0/24\"}]}}");
    assertEquals(400, taken.status(), taken::toString);
    assertTrue(taken.body().contains("options.parent") && taken.body().contains("in use"), taken::toString);

    assertEquals(204, http.delete("/v1/networks/seg/endpoints/" + ep.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/seg").status());
    String after = topo.host().sh("ip", "-d", "link", "show", nic.host());
    assertFalse(after.contains("master"), "released from the bridge: " + after);
    assertTrue(after.contains("state UP") || after.contains(",UP"), "the NIC stays as it was, up: " + after);
    assertEquals(java.util.List.of(), topo.crossnetLinks());
  }

  @Test
  void badParentsAreRefusedAndChangeNothing() {
    LanNic nic = topo.lanNic();
    String before = hostState();
    String[][] cases = {
        {"{\"name\":\"p1\",\"driver\":\"bridge\",\"options\":{\"parent\":\"nosuchnic0\"}}", "options.parent"},
        {"{\"name\":\"p2\",\"driver\":\"bridge\",\"options\":{\"parent\":\"" + topo.host().sh("ip", "-o", "link", "show").lines()
            .map(l -> l.split(": ")[1].split("@")[0]).filter(n -> n.startsWith("up")).findFirst().orElseThrow()
            + "\"}}", "options.parent"},
        {"{\"name\":\"p3\",\"driver\":\"bridge\",\"options\":{\"parent\":\"lo\"}}", "options.parent"},
        {"{\"name\":\"p4\",\"driver\":\"bridge\",\"options\":{\"parent\":\"" + nic.host() + "\",\"mode\":\"vepa\"}}", "options.mode"},
    };
    for (String[] c : cases) {
      Reply r = http.post("/v1/networks", c[0]);
      assertEquals(400, r.status(), r::toString);
      assertEquals("application/problem+json", r.contentType(), r::toString);
      assertTrue(r.body().contains(c[1]), r::toString);
    }
    assertEquals(before, hostState(), "a refused network changes nothing on the host");
    assertEquals(0, http.get("/v1/networks").json().size());
  }

  /** The connection fails in the network stack (timeout, unreachable), not for some other reason. */
  static void assertNoConnection(org.junit.jupiter.api.function.Executable connect) {
    Throwable t = assertThrows(RuntimeException.class, connect);
    Throwable cause = t;
    while (cause != null && !(cause instanceof java.io.IOException)) {
      cause = cause.getCause();
    }
    assertTrue(cause != null, () -> "expected a failed connection, got " + t);
  }

  private String hostState() {
    return hostState(topo);
  }

  /**
   * The host's links (name, kind, master, MTU) and global addresses: what crossnet could change.
   * Carrier state and the kernel's own link-local addresses are left out; they settle on their own
   * after a test NIC comes up.
   */
  static String hostState(HostTopology topo) {
    StringBuilder out = new StringBuilder();
    try {
      for (JsonNode l : new com.fasterxml.jackson.databind.ObjectMapper().readTree(topo.host().sh("ip", "-j", "-d", "link", "show"))) {
        out.append(l.path("ifname").asText()).append(' ').append(l.path("linkinfo").path("info_kind").asText()).append(' ')
            .append(l.path("master").asText()).append(' ').append(l.path("mtu").asText()).append('\n');
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out + topo.host().sh("ip", "-o", "addr", "show", "scope", "global");
  }

  private JsonNode driver(String name) {
    for (JsonNode d : http.get("/v1/drivers").json()) {
      if (d.get("name").asText().equals(name)) {
        return d;
      }
    }
    throw new AssertionError("no driver " + name);
  }

  private Reply tryAttach(String network, TestNetns ns) {
    return http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\"}");
  }
}
