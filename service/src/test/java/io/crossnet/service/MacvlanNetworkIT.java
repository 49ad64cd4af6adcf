package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code macvlan} networks on a stand-in host NIC whose other end is a LAN with a peer machine:
 * endpoints reach the peer directly with their own addresses and MACs; modes; bad input.
 */
@Privileged
class MacvlanNetworkIT extends ServiceFixture {
  private static final String PEER = "10.74.0.200";

  @Test
  void driversReportMacvlanAndWhyVlansAreRefused() {
    JsonNode d = null;
    for (JsonNode x : http.get("/v1/drivers").json()) {
      if (x.get("name").asText().equals("macvlan")) {
        d = x;
      }
    }
    assertTrue(d != null && d.get("supported").asBoolean(), String.valueOf(d));
    boolean has8021q = has8021q();
    assertEquals(!has8021q, d.get("detail").asText().contains("no 802.1q"), d.toString());
  }

  @Test
  void endpointsSitOnTheLanWithTheirOwnAddressAndMac() throws Exception {
    LanNic nic = topo.lanNic();
    topo.world().sh("ip", "addr", "add", PEER + "/24", "dev", nic.lan());
    String linksBefore = hostState();
    TestNetns c1 = topo.sandbox("mv1");
    TestNetns c2 = topo.sandbox("mv2");
    Reply net = http.post("/v1/networks", "{\"name\":\"lan\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.74.0.0/24\",\"gateway\":\"" + PEER + "\",\"ipRange\":\"10.74.0.16/28\"}]}}");
    assertEquals(201, net.status(), net::toString);
    Reply e1 = tryAttach("lan", c1);
    assertEquals(201, e1.status(), e1::toString);
    Reply e2 = tryAttach("lan", c2);
    assertEquals(201, e2.status(), e2::toString);
    String a1 = address(e1);
    String a2 = address(e2);
    assertTrue(a1.startsWith("10.74.0.") && Integer.parseInt(a1.substring(8)) >= 16 && Integer.parseInt(a1.substring(8)) < 32, a1);
    String mac1 = e1.json().get("macAddress").asText();

    String link = c1.sh("ip", "-d", "link", "show", "eth0");
    assertTrue(link.contains("macvlan mode bridge") && link.contains(mac1), link);
    assertTrue(c1.sh("ip", "route", "show", "default").contains("via " + PEER));
    // an IPv4-only network: no link-local or SLAAC address on the LAN (GHSA-x84c-p2g9-rqv9)
    assertEquals("1", c1.sh("cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6").trim());
    assertEquals(linksBefore, hostState(), "a macvlan network makes nothing in the host namespace");

    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9200)) {
      assertEquals(a1, NsSockets.exchange(c1, server, PEER, 9200).peer(), "no NAT, no router: the endpoint's own address");
    }
    String neigh = topo.world().sh("ip", "neigh", "show", a1);
    assertTrue(neigh.contains(mac1), "the peer saw the endpoint's own MAC on the wire: " + neigh);
    try (ServerSocketChannel server = NsSockets.listen(c2, 9201)) {
      assertEquals(a1, NsSockets.exchange(c1, server, a2, 9201).peer(), "bridge mode: endpoints on one parent talk");
    }
    try (ServerSocketChannel server = NsSockets.listen(c1, 9202)) {
      assertEquals(PEER, NsSockets.exchange(topo.world(), server, a1, 9202).peer(), "the LAN reaches the endpoint");
    }

    // an endpoint's macvlan deleted by hand: the reconciler at start-up makes it again
    c2.sh("ip", "link", "del", "eth0");
    service.stop();
    service.start();
    assertTrue(c2.sh("ip", "-d", "link", "show", "eth0").contains("macvlan"));
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9204)) {
      assertEquals(a2, NsSockets.exchange(c2, server, PEER, 9204).peer(), "repaired with the same address");
    }

    Reply ports = http.post("/v1/networks/lan/endpoints", "{\"sandbox\":\"" + topo.sandbox("mvp").path()
        + "\",\"ports\":[{\"containerPort\":80}]}");
    assertEquals(400, ports.status(), ports::toString);

    Reply taken = http.post("/v1/networks", "{\"name\":\"lan2\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host()
        + "\"},\"ipam\":{\"config\":[{\"subnet\":\"10.76.0.0/24\"}]}}");
    assertEquals(400, taken.status(), taken::toString);
    assertTrue(taken.body().contains("in use by network 'lan'"), taken::toString);

    assertEquals(204, http.delete("/v1/networks/lan/endpoints/" + e1.json().get("id").asText()).status());
    assertFalse(c1.run("ip", "link", "show", "eth0").exit() == 0, "detach removes the macvlan from the sandbox");
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9203)) {
      assertEquals(a2, NsSockets.exchange(c2, server, PEER, 9203).peer(), "the other endpoint is untouched");
    }
    assertEquals(204, http.delete("/v1/networks/lan/endpoints/" + e2.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/lan").status());
    assertEquals(linksBefore, hostState());
  }

  @Test
  void privateModeKeepsEndpointsApartButOnTheLan() throws Exception {
    LanNic nic = topo.lanNic();
    topo.world().sh("ip", "addr", "add", "10.77.0.200/24", "dev", nic.lan());
    TestNetns c1 = topo.sandbox("mp1");
    TestNetns c2 = topo.sandbox("mp2");
    Reply net = http.post("/v1/networks", "{\"name\":\"priv\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host()
        + "\",\"mode\":\"private\"},\"ipam\":{\"config\":[{\"subnet\":\"10.77.0.0/24\",\"gateway\":\"10.77.0.200\"}]}}");
    assertEquals(201, net.status(), net::toString);
    Reply e1 = tryAttach("priv", c1);
    Reply e2 = tryAttach("priv", c2);
    assertTrue(c1.sh("ip", "-d", "link", "show", "eth0").contains("macvlan mode private"));
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9210)) {
      assertEquals(address(e1), NsSockets.exchange(c1, server, "10.77.0.200", 9210).peer());
    }
    try (ServerSocketChannel server = NsSockets.listen(c2, 9211)) {
      BridgeNetworkIT.assertNoConnection(() -> NsSockets.exchange(c1, server, address(e2), 9211));
    }
    assertEquals(204, http.delete("/v1/networks/priv/endpoints/" + e1.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/priv/endpoints/" + e2.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/priv").status());
  }

  @Test
  void passthruHandsTheParentToOneEndpoint() throws Exception {
    LanNic nic = topo.lanNic();
    topo.world().sh("ip", "addr", "add", "10.73.1.200/24", "dev", nic.lan());
    String parentMac = topo.host().sh("cat", "/sys/class/net/" + nic.host() + "/address").trim();
    TestNetns c = topo.sandbox("mpt");
    Reply net = http.post("/v1/networks", "{\"name\":\"pt\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host()
        + "\",\"mode\":\"passthru\"},\"ipam\":{\"config\":[{\"subnet\":\"10.73.1.0/24\",\"gateway\":\"10.73.1.200\"}]}}");
    assertEquals(201, net.status(), net::toString);
    Reply e = tryAttach("pt", c);
    assertEquals(201, e.status(), e::toString);
    String link = c.sh("ip", "-d", "link", "show", "eth0");
    assertTrue(link.contains("macvlan mode passthru") && link.contains(parentMac), "passthru takes the parent's MAC: " + link);
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9220)) {
      assertEquals(address(e), NsSockets.exchange(c, server, "10.73.1.200", 9220).peer());
    }
    assertEquals(204, http.delete("/v1/networks/pt/endpoints/" + e.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/pt").status());
    assertEquals(parentMac, topo.host().sh("cat", "/sys/class/net/" + nic.host() + "/address").trim(), "the parent keeps its MAC");
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    LanNic nic = topo.lanNic();
    LanNic down = topo.lanNic();
    topo.host().sh("ip", "link", "set", down.host(), "down");
    String ipam = ",\"ipam\":{\"config\":[{\"subnet\":\"10.78.0.0/24\"}]}}";
    String before = hostState();
    List<String[]> cases = List.of(
        new String[] {"{\"name\":\"m1\",\"driver\":\"macvlan\"" + ipam, "400", "options.parent"},
        new String[] {"{\"name\":\"m2\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"nosuchnic0\"}" + ipam, "400", "options.parent"},
        new String[] {"{\"name\":\"m3\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + down.host() + "\"}" + ipam, "400", "is down"},
        new String[] {"{\"name\":\"m4\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host() + "\",\"vlan\":\"4095\"}" + ipam,
            "400", "options.vlan"},
        new String[] {"{\"name\":\"m5\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host() + "\",\"mode\":\"source\"}" + ipam,
            "400", "options.mode"},
        new String[] {"{\"name\":\"m6\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host() + "\"}}", "400", "ipam.config"},
        new String[] {"{\"name\":\"m7\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host() + "\",\"masquerade\":\"true\"}"
            + ipam, "400", "options.masquerade"});
    for (String[] c : cases) {
      Reply r = http.post("/v1/networks", c[0]);
      assertEquals(Integer.parseInt(c[1]), r.status(), r::toString);
      assertEquals("application/problem+json", r.contentType(), r::toString);
      assertTrue(r.body().contains(c[2]), r::toString);
    }
    Reply vlan = http.post("/v1/networks", "{\"name\":\"m8\",\"driver\":\"macvlan\",\"options\":{\"parent\":\"" + nic.host()
        + "\",\"vlan\":\"100\"}" + ipam);
    if (has8021q()) {
      assertEquals(201, vlan.status(), vlan::toString);
      assertTrue(topo.host().sh("ip", "-d", "link", "show", nic.host() + ".100").contains("vlan protocol 802.1Q id 100"));
      assertEquals(204, http.delete("/v1/networks/m8").status());
    } else {
      assertEquals(422, vlan.status(), vlan::toString);
      assertTrue(vlan.body().contains("802.1q") && vlan.body().contains(nic.host() + ".100"), vlan::toString);
    }
    assertEquals(before, hostState(), "nothing changed on the host");
    assertEquals(0, http.get("/v1/networks").json().size());
  }

  /** Whether the kernel knows 802.1q links: asked without a parent, so nothing is created either way. */
  private boolean has8021q() {
    return !topo.host().run("ip", "link", "add", "cnq" + System.nanoTime() % 100000, "type", "vlan", "id", "5").err()
        .contains("Unknown device type");
  }

  private String hostState() {
    return BridgeNetworkIT.hostState(topo);
  }

  private static String address(Reply endpoint) {
    String a = endpoint.json().get("ipv4Address").asText();
    return a.substring(0, a.indexOf('/'));
  }

  private Reply tryAttach(String network, TestNetns ns) {
    return http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\"}");
  }
}
