package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.HostTopology.LanNic;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * {@code l2bridge} networks: endpoints on the host NIC's segment with their own addresses but the
 * host's MAC on the wire (routed veth pairs, proxy ARP); the NIC's settings come back on delete.
 */
@Privileged
class L2bridgeNetworkIT extends ServiceFixture {
  private static final String PEER = "10.85.0.200";

  @Test
  void endpointsReachTheLanWithTheHostsMac() throws Exception {
    LanNic nic = topo.lanNic();
    TestNetns host = topo.host();
    host.sh("ip", "addr", "add", "10.85.0.1/24", "dev", nic.host());
    topo.world().sh("ip", "addr", "add", PEER + "/24", "dev", nic.lan());
    String hostMac = host.sh("cat", "/sys/class/net/" + nic.host() + "/address").trim();
    String before = BridgeNetworkIT.hostState(topo) + settings(nic.host());

    Reply wrongSubnet = http.post("/v1/networks", "{\"name\":\"x\",\"driver\":\"l2bridge\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.86.0.0/24\",\"ipRange\":\"10.86.0.64/26\"}]}}");
    assertEquals(400, wrongSubnet.status(), wrongSubnet::toString);
    assertTrue(wrongSubnet.body().contains("ipam.config"), wrongSubnet::toString);
    assertEquals(before, BridgeNetworkIT.hostState(topo) + settings(nic.host()));

    Reply net = http.post("/v1/networks", "{\"name\":\"l2\",\"driver\":\"l2bridge\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.85.0.0/24\",\"gateway\":\"" + PEER + "\",\"ipRange\":\"10.85.0.64/26\"}]}}");
    assertEquals(201, net.status(), net::toString);
    TestNetns c1 = topo.sandbox("l21");
    TestNetns c2 = topo.sandbox("l22");
    Reply e1 = http.post("/v1/networks/l2/endpoints", "{\"sandbox\":\"" + c1.path() + "\"}");
    assertEquals(201, e1.status(), e1::toString);
    Reply e2 = http.post("/v1/networks/l2/endpoints", "{\"sandbox\":\"" + c2.path() + "\"}");
    assertEquals(201, e2.status(), e2::toString);
    String a1 = address(e1);
    String a2 = address(e2);

    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9500)) {
      assertEquals(a1, NsSockets.exchange(c1, server, PEER, 9500).peer(), "routed, not NATed: its own address");
    }
    String neigh = topo.world().sh("ip", "neigh", "show", a1);
    assertTrue(neigh.contains(hostMac), "the LAN knows the endpoint by the host's MAC: " + neigh);
    assertFalse(neigh.contains(e1.json().get("macAddress").asText()), neigh);
    try (ServerSocketChannel server = NsSockets.listen(c1, 9501)) {
      assertEquals(PEER, NsSockets.exchange(topo.world(), server, a1, 9501).peer(), "the LAN reaches the endpoint");
    }
    try (ServerSocketChannel server = NsSockets.listen(c2, 9502)) {
      assertEquals(a1, NsSockets.exchange(c1, server, a2, 9502).peer(), "endpoints reach each other");
    }
    try (ServerSocketChannel server = NsSockets.listen(c1, 9503)) {
      // the /32 route names no source, so the host picks one of its addresses
      assertEquals("hello", NsSockets.exchange(host, server, a1, 9503).line(), "the host reaches its endpoint");
    }

    // proxy ARP turned off by hand: the reconciler at start-up turns it back on
    host.sh("sysctl", "-qw", "net.ipv4.conf." + nic.host() + ".proxy_arp=0");
    service.stop();
    service.start();
    assertEquals("1", host.sh("cat", "/proc/sys/net/ipv4/conf/" + nic.host() + "/proxy_arp").trim());
    topo.world().sh("ip", "neigh", "flush", "dev", nic.lan());
    try (ServerSocketChannel server = NsSockets.listen(c2, 9504)) {
      assertEquals(PEER, NsSockets.exchange(topo.world(), server, a2, 9504).peer(), "after the repair the LAN reaches it again");
    }

    Reply ports = http.post("/v1/networks/l2/endpoints", "{\"sandbox\":\"" + topo.sandbox("l2p").path()
        + "\",\"ports\":[{\"containerPort\":80}]}");
    assertEquals(400, ports.status(), ports::toString);

    assertEquals(204, http.delete("/v1/networks/l2/endpoints/" + e1.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/l2/endpoints/" + e2.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/l2").status());
    assertEquals(before, BridgeNetworkIT.hostState(topo) + settings(nic.host()), "links, routes and the NIC's settings as before");
  }

  /** The NIC's proxy-ARP settings and the host's routes. */
  private String settings(String nic) {
    return topo.host().sh("cat", "/proc/sys/net/ipv4/conf/" + nic + "/proxy_arp", "/proc/sys/net/ipv4/neigh/" + nic + "/proxy_delay")
        + topo.host().sh("ip", "-4", "route", "show", "table", "all");
  }

  private static String address(Reply endpoint) {
    String a = endpoint.json().get("ipv4Address").asText();
    return a.substring(0, a.indexOf('/'));
  }
}
