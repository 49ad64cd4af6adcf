package io.crossnet.service.firewall;

import static io.crossnet.service.testing.HostTopology.HOST_UPLINK;
import static io.crossnet.service.testing.HostTopology.HOST_UPLINK6;
import static io.crossnet.service.testing.HostTopology.WORLD;
import static io.crossnet.service.testing.HostTopology.WORLD6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Published ports on a dual-stack nat network, TCP and UDP, IPv4 and IPv6: from the world (the
 * client's own address arrives), from the host (localhost and its own addresses), hairpin (a
 * neighbour and the endpoint itself through the host's address), a specific host address only,
 * ranges, a chosen port, conflicts; after detach nothing of the endpoint is left. Run once per
 * firewall driver by the concrete classes.
 */
abstract class PublishedPortsCases extends FirewallDriverCase {
  private static final String NET = "pub";

  @BeforeAll
  void network() throws Exception {
    dualStack(NET, 90, null);
    assertEquals("1", topo.host().sh("sysctl", "-n", "net.ipv6.conf.all.forwarding").trim(), "a dual-stack network turns IPv6 forwarding on");
    assertEquals("1", http.get("/v1/info").json().path("host").path("ipv6_forwarding").asText());
  }

  @AfterEach
  void detachAll() throws Exception {
    for (JsonNode e : http.get("/v1/networks/" + NET + "/endpoints").json()) {
      detach(NET, e);
    }
  }

  @Test
  void tcpReachesTheEndpointFromEverywhereOnBothFamilies() throws Exception {
    TestNetns web = topo.sandbox("web");
    TestNetns client = topo.sandbox("cli");
    JsonNode ep = attach(NET, web, "\"ports\":[{\"protocol\":\"tcp\",\"containerPort\":80,\"hostPort\":8080}]");
    assertEquals(8080, ep.get("ports").get(0).get("hostPort").asInt());
    assertTrue(ep.get("ipv6Address").asText().startsWith("fd00:90::"), ep::toString);
    attach(NET, client, null);
    try (ServerSocketChannel server = NsSockets.listen(web, 80)) {
      assertEquals(WORLD, tcp(topo.world(), server, HOST_UPLINK, 8080), "from the world its own address arrives");
      assertEquals(WORLD6, tcp(topo.world(), server, HOST_UPLINK6, 8080), "from the world over IPv6");
      tcp(topo.host(), server, "127.0.0.1", 8080);
      tcp(topo.host(), server, HOST_UPLINK, 8080);
      tcp(topo.host(), server, HOST_UPLINK6, 8080);
      tcp(client, server, HOST_UPLINK, 8080);
      tcp(client, server, HOST_UPLINK6, 8080);
      tcp(web, server, HOST_UPLINK, 8080);
      tcp(web, server, HOST_UPLINK6, 8080);
    }
    String id = ep.get("id").asText();
    assertTrue(firewall().contains(id), "the mappings name their endpoint");
    detach(NET, ep);
    assertFalse(firewall().contains(id), () -> "nothing of the detached endpoint is left:\n" + firewall());
    try (ServerSocketChannel server = NsSockets.listen(web, 80)) {
      noTcp(topo.world(), server, HOST_UPLINK, 8080);
      noTcp(topo.world(), server, HOST_UPLINK6, 8080);
    }
    otherDriverUntouched();
  }

  @Test
  void udpWithAChosenPortOnBothFamilies() throws Exception {
    TestNetns dns = topo.sandbox("udp");
    TestNetns client = topo.sandbox("ucl");
    attach(NET, client, null);
    JsonNode ep = attach(NET, dns, "\"ports\":[{\"protocol\":\"udp\",\"containerPort\":5353}]");
    int chosen = ep.get("ports").get(0).get("hostPort").asInt();
    assertTrue(chosen >= 32768 && chosen <= 60999, "chosen " + chosen);
    // not 53: crossnet's resolver holds 127.0.0.11:53 in every sandbox
    try (DatagramChannel server = NsSockets.listenUdp(dns, 5353)) {
      assertEquals(WORLD, udp(topo.world(), server, HOST_UPLINK, chosen));
      assertEquals(WORLD6, udp(topo.world(), server, HOST_UPLINK6, chosen));
      udp(topo.host(), server, "127.0.0.1", chosen);
      udp(client, server, HOST_UPLINK6, chosen);
    }
  }

  @Test
  void aSpecificHostAddressPublishesThereOnly() throws Exception {
    topo.host().sh("ip", "addr", "add", "192.0.2.3/24", "dev", topo.uplink());
    topo.host().sh("ip", "addr", "add", "2001:db8::3/64", "dev", topo.uplink(), "nodad");
    TestNetns web = topo.sandbox("spec");
    try {
      attach(NET, web, "\"ports\":[{\"containerPort\":443,\"hostPort\":8443,\"hostIp\":\"" + HOST_UPLINK6 + "\"},"
          + "{\"containerPort\":443,\"hostPort\":8444,\"hostIp\":\"" + HOST_UPLINK + "\"}]");
      try (ServerSocketChannel server = NsSockets.listen(web, 443)) {
        assertEquals(WORLD6, tcp(topo.world(), server, HOST_UPLINK6, 8443));
        assertEquals(WORLD, tcp(topo.world(), server, HOST_UPLINK, 8444));
        noTcp(topo.world(), server, "2001:db8::3", 8443);
        noTcp(topo.world(), server, "192.0.2.3", 8444);
        noTcp(topo.world(), server, HOST_UPLINK, 8443);
        noTcp(topo.world(), server, HOST_UPLINK6, 8444);
      }
    } finally {
      topo.host().run("ip", "addr", "del", "192.0.2.3/24", "dev", topo.uplink());
      topo.host().run("ip", "addr", "del", "2001:db8::3/64", "dev", topo.uplink());
    }
  }

  @Test
  void aRangeIsPublishedPortByPort() throws Exception {
    TestNetns web = topo.sandbox("rng");
    attach(NET, web, "\"ports\":[{\"containerPort\":7000,\"containerPortEnd\":7002,\"hostPort\":17000,\"hostPortEnd\":17002}]");
    try (ServerSocketChannel server = NsSockets.listen(web, 7002)) {
      assertEquals(WORLD, tcp(topo.world(), server, HOST_UPLINK, 17002));
      assertEquals(WORLD6, tcp(topo.world(), server, HOST_UPLINK6, 17002));
    }
  }

  @Test
  void aTakenPortIsAConflictNamingItsHolder() throws Exception {
    TestNetns a = topo.sandbox("pa");
    TestNetns b = topo.sandbox("pb");
    JsonNode holder = attach(NET, a, "\"ports\":[{\"containerPort\":80,\"hostPort\":9090}]");
    String before = firewall();
    Reply r = http.post("/v1/networks/" + NET + "/endpoints", "{\"sandbox\":\"" + b.path() + "\",\"ports\":[{\"containerPort\":80,"
        + "\"hostPort\":9090,\"hostIp\":\"" + HOST_UPLINK6 + "\"}]}");
    assertEquals(409, r.status(), r::toString);
    assertTrue(r.json().get("detail").asText().contains(holder.get("id").asText().substring(0, 12)), r::toString);
    assertEquals(before, firewall(), "a refused attach changes nothing");
  }
}
