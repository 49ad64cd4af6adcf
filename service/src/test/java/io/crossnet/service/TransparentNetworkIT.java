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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code transparent} networks: a bridge takes over an addressed host NIC; endpoints sit on the
 * LAN with their own addresses and MACs, the host keeps talking to the LAN and to its endpoints,
 * and deleting the network gives the NIC back its addresses, routes and role exactly.
 */
@Privileged
class TransparentNetworkIT extends ServiceFixture {
  private static final String PEER = "10.79.0.200";

  @Test
  void endpointsJoinTheLanAndTheNicIsRestoredExactly() throws Exception {
    LanNic nic = topo.lanNic();
    TestNetns host = topo.host();
    host.sh("ip", "addr", "add", "10.79.0.1/24", "dev", nic.host());
    host.sh("ip", "addr", "add", "10.79.0.9/24", "dev", nic.host());
    host.sh("ip", "route", "add", "10.200.0.0/16", "via", PEER, "dev", nic.host(), "metric", "50");
    topo.world().sh("ip", "addr", "add", PEER + "/24", "dev", nic.lan());
    String before = nicState(nic.host());
    String hostBefore = BridgeNetworkIT.hostState(topo);
    String mac = host.sh("cat", "/sys/class/net/" + nic.host() + "/address").trim();

    String ipam = "\"ipam\":{\"config\":[{\"subnet\":\"10.79.0.0/24\",\"gateway\":\"" + PEER + "\"%s}]}";
    String parent = "\"options\":{\"parent\":\"" + nic.host() + "\"}";
    List<String[]> bad = List.of(
        new String[] {"{\"name\":\"t1\",\"driver\":\"transparent\"," + String.format(ipam, ",\"ipRange\":\"10.79.0.64/26\"") + "}",
            "options.parent"},
        new String[] {"{\"name\":\"t2\",\"driver\":\"transparent\"," + parent
            + ",\"ipam\":{\"config\":[{\"subnet\":\"10.80.0.0/24\",\"ipRange\":\"10.80.0.64/26\"}]}}", "ipam.config"},
        new String[] {"{\"name\":\"t3\",\"driver\":\"transparent\"," + parent + "," + String.format(ipam, "") + "}", "ipRange"},
        new String[] {"{\"name\":\"t4\",\"driver\":\"transparent\"," + parent + "," + String.format(ipam, ",\"ipRange\":\"10.79.0.0/28\"")
            + "}", "holds an address of this host"});
    for (String[] c : bad) {
      Reply r = http.post("/v1/networks", c[0]);
      assertEquals(400, r.status(), r::toString);
      assertTrue(r.body().contains(c[1]), r::toString);
    }
    assertEquals(hostBefore, BridgeNetworkIT.hostState(topo), "refused requests change nothing");

    Reply net = http.post("/v1/networks", "{\"name\":\"lan\",\"driver\":\"transparent\"," + parent + ","
        + String.format(ipam, ",\"ipRange\":\"10.79.0.64/26\"") + "}");
    assertEquals(201, net.status(), net::toString);
    String bridge = "cn" + net.json().get("id").asText().substring(0, 13);
    String onBridge = host.sh("ip", "-o", "addr", "show", "dev", bridge, "scope", "global");
    assertTrue(onBridge.contains("10.79.0.1/24") && onBridge.contains("10.79.0.9/24"), onBridge);
    assertEquals("", host.sh("ip", "-o", "addr", "show", "dev", nic.host(), "scope", "global").trim(), "the NIC keeps no address");
    assertTrue(host.sh("ip", "-d", "link", "show", nic.host()).contains("master " + bridge));
    assertTrue(host.sh("ip", "route", "show", "10.200.0.0/16").contains("dev " + bridge), host.sh("ip", "route"));
    assertEquals(mac, host.sh("cat", "/sys/class/net/" + bridge + "/address").trim(), "the LAN sees the host's MAC unchanged");

    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9400)) {
      assertEquals("10.79.0.1", NsSockets.exchange(host, server, PEER, 9400).peer(), "the host still talks to the LAN");
    }
    TestNetns c = topo.sandbox("tr");
    Reply ep = http.post("/v1/networks/lan/endpoints", "{\"sandbox\":\"" + c.path() + "\"}");
    assertEquals(201, ep.status(), ep::toString);
    String a = ep.json().get("ipv4Address").asText().split("/")[0];
    String epMac = ep.json().get("macAddress").asText();
    assertTrue(a.startsWith("10.79.0.") && Integer.parseInt(a.substring(8)) >= 64 && Integer.parseInt(a.substring(8)) < 128, a);
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9401)) {
      assertEquals(a, NsSockets.exchange(c, server, PEER, 9401).peer(), "on the segment: its own address, no NAT");
    }
    assertTrue(topo.world().sh("ip", "neigh", "show", a).contains(epMac), "the peer saw the endpoint's own MAC");
    try (ServerSocketChannel server = NsSockets.listen(c, 9402)) {
      assertEquals("10.79.0.1", NsSockets.exchange(host, server, a, 9402).peer(), "the host reaches its endpoint");
    }
    assertTrue(c.sh("ip", "route", "show", "default").contains("via " + PEER), "the default route is the LAN's router");

    // the NIC taken off the bridge by hand: the reconciler at start-up puts it back
    host.sh("ip", "link", "set", nic.host(), "nomaster");
    service.stop();
    service.start();
    assertTrue(host.sh("ip", "-d", "link", "show", nic.host()).contains("master " + bridge));
    try (ServerSocketChannel server = NsSockets.listen(c, 9405)) {
      assertEquals(PEER, NsSockets.exchange(topo.world(), server, a, 9405).peer(), "the LAN reaches the endpoint again");
    }

    Reply taken = http.post("/v1/networks", "{\"name\":\"lan2\",\"driver\":\"transparent\"," + parent + ","
        + String.format(ipam, ",\"ipRange\":\"10.79.0.128/26\"") + "}");
    assertEquals(400, taken.status(), taken::toString);
    assertTrue(taken.body().contains("in use"), taken::toString);

    assertEquals(204, http.delete("/v1/networks/lan/endpoints/" + ep.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/lan").status());
    assertEquals(before, nicState(nic.host()), "addresses and routes are back exactly");
    assertFalse(host.sh("ip", "-d", "link", "show", nic.host()).contains("master"));
    assertEquals(hostBefore, BridgeNetworkIT.hostState(topo));
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9404)) {
      assertEquals("10.79.0.1", NsSockets.exchange(host, server, PEER, 9404).peer(), "and work as before");
    }
  }

  /**
   * The NIC's global addresses (with flags and broadcast) and every IPv4 route through it, in
   * every table (IPv6 has only the kernel's link-local ones, which come and go with DAD).
   */
  private String nicState(String nic) {
    return topo.host().sh("ip", "-o", "addr", "show", "dev", nic, "scope", "global")
        + topo.host().sh("ip", "-4", "route", "show", "table", "all", "dev", nic);
  }
}
