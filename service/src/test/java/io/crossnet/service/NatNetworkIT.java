package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/** A {@code nat} network end to end: REST over the Unix socket, real links, real packets. */
@Privileged
class NatNetworkIT extends ServiceFixture {

  @Test
  void twoSandboxesTalkAndReachTheWorldThroughMasquerade() throws Exception {
    TestNetns c1 = topo.sandbox("c1");
    TestNetns c2 = topo.sandbox("c2");
    Reply net = http.post("/v1/networks",
        "{\"name\":\"web\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.50.0.0/24\",\"gateway\":\"10.50.0.1\"}]},\"labels\":{}}");
    assertEquals(201, net.status(), net::toString);
    String netId = net.json().get("id").asText();

    Reply e1 = attach("web", c1, "c1");
    assertEquals(201, e1.status(), e1::toString);
    JsonNode ep = e1.json();
    assertEquals(netId, ep.get("network").asText());
    assertEquals("10.50.0.2/24", ep.get("ipv4Address").asText());
    assertEquals("10.50.0.1", ep.get("gateway").asText());
    assertTrue(ep.get("macAddress").asText().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), ep::toString);
    Reply e2 = attach("web", c2, "c2");
    assertEquals(201, e2.status(), e2::toString);
    assertEquals("10.50.0.3/24", e2.json().get("ipv4Address").asText());

    // what the kernel says, not what crossnet says
    String c1Addr = c1.sh("ip", "-o", "addr", "show", "dev", "eth0");
    assertTrue(c1Addr.contains("10.50.0.2/24"), c1Addr);
    assertTrue(c1.sh("ip", "route", "show", "default").contains("via 10.50.0.1"));
    assertTrue(c1.sh("ip", "link", "show", "eth0").contains(ep.get("macAddress").asText()));
    // an IPv4-only network: no IPv6 on either end of the pair, so nothing for the bridge to flood
    assertEquals("1", c1.sh("cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6").trim());
    assertEquals("", c1.sh("ip", "-6", "-o", "addr", "show", "dev", "eth0").trim(), "no link-local address");
    String hostVeth = "cn" + ep.get("id").asText().substring(0, 13);
    assertEquals("1", topo.host().sh("cat", "/proc/sys/net/ipv6/conf/" + hostVeth + "/disable_ipv6").trim());
    assertTrue(topo.host().sh("ip", "link", "show", hostVeth).contains(",UP,"), "the host end is up");

    try (ServerSocketChannel server = NsSockets.listen(c2, 8080)) {
      NsSockets.Seen seen = NsSockets.exchange(c1, server, "10.50.0.3", 8080);
      assertEquals("hello", seen.line());
      assertEquals("10.50.0.2", seen.peer(), "inside a network there is no NAT");
    }
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9000)) {
      NsSockets.Seen seen = NsSockets.exchange(c1, server, HostTopology.WORLD, 9000);
      assertEquals("hello", seen.line());
      assertEquals(HostTopology.HOST_UPLINK, seen.peer(), "leaving the host, a container's address is masqueraded");
    }

    Reply again = attach("web", c1, "c1");
    assertEquals(200, again.status(), "attach is idempotent per (network, sandbox, interface)");
    assertEquals(ep.get("id").asText(), again.json().get("id").asText());

    detachAll("web");
    assertEquals(204, http.delete("/v1/networks/web").status());
    assertLeftNothing(netId, "10.50.0.0/24", c1, c2);
  }

  @Test
  void networkAndEndpointsSurviveARestartAndStillWork() throws Exception {
    TestNetns a = topo.sandbox("ra");
    TestNetns b = topo.sandbox("rb");
    Reply net = http.post("/v1/networks", "{\"name\":\"keep\",\"ipam\":{\"config\":[{\"subnet\":\"10.60.0.0/24\"}]}}");
    assertEquals(201, net.status(), net::toString);
    String netId = net.json().get("id").asText();
    String ea = attach("keep", a, "ra").json().get("id").asText();
    String eb = attach("keep", b, "rb").json().get("id").asText();

    service.stop();
    assertFalse(http.reachable());
    service.start();

    Reply got = http.get("/v1/networks/keep");
    assertEquals(200, got.status(), got::toString);
    assertEquals(netId, got.json().get("id").asText());
    assertEquals("active", got.json().get("state").asText());
    assertEquals(2, http.get("/v1/networks/keep/endpoints").json().size());
    assertEquals(200, http.get("/v1/networks/keep/endpoints/" + ea).status());
    try (ServerSocketChannel server = NsSockets.listen(b, 8081)) {
      assertEquals("10.60.0.2", NsSockets.exchange(a, server, "10.60.0.3", 8081).peer());
    }
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9001)) {
      assertEquals(HostTopology.HOST_UPLINK, NsSockets.exchange(b, server, HostTopology.WORLD, 9001).peer());
    }
    // the allocator state came back too: the next address is new, not a reuse
    TestNetns c = topo.sandbox("rc");
    assertEquals("10.60.0.4/24", attach("keep", c, "rc").json().get("ipv4Address").asText());

    assertEquals(204, http.delete("/v1/networks/keep/endpoints/" + eb).status());
    detachAll("keep");
    assertEquals(204, http.delete("/v1/networks/keep").status());
    assertLeftNothing(netId, "10.60.0.0/24", a, b, c);
  }

  private Reply attach(String network, TestNetns ns, String name) {
    return http.post("/v1/networks/" + network + "/endpoints",
        "{\"sandbox\":\"" + ns.path() + "\",\"interface\":\"eth0\",\"name\":\"" + name + "\",\"aliases\":[\"api\"]}");
  }

  private void detachAll(String network) {
    for (JsonNode e : http.get("/v1/networks/" + network + "/endpoints").json()) {
      Reply r = http.delete("/v1/networks/" + network + "/endpoints/" + e.get("id").asText());
      assertEquals(204, r.status(), r::toString);
    }
  }

  private void assertLeftNothing(String netId, String subnet, TestNetns... sandboxes) {
    assertEquals(404, http.get("/v1/networks/" + netId).status());
    for (JsonNode n : http.get("/v1/networks").json()) {
      assertFalse(n.get("id").asText().equals(netId), "store record left: " + n);
    }
    assertEquals(java.util.List.of(), topo.crossnetLinks(), "links left in the host namespace");
    String addrs = topo.host().sh("ip", "-o", "addr", "show");
    assertFalse(addrs.contains(subnet.substring(0, subnet.lastIndexOf('.'))), "gateway address left: " + addrs);
    String rules = Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").out();
    assertFalse(rules.contains(subnet), "nft element left: " + rules);
    assertFalse(rules.contains(netId), "nft element owned by the network left: " + rules);
    for (TestNetns s : sandboxes) {
      assertFalse(s.run("ip", "link", "show", "eth0").exit() == 0, "eth0 left in " + s.name());
    }
  }
}
