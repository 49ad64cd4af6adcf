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
import org.junit.jupiter.api.Test;

/**
 * Which endpoints reach which, with real TCP and UDP over IPv4 and IPv6: networks are isolated
 * from each other unless a sandbox is attached to both; {@code icc=false} keeps a network's
 * endpoints apart while they still reach the world and published ports; an internal network has
 * no way out and publishes nothing. Deleting leaves no rule, chain entry or element of any of them.
 * Run once per firewall driver by the concrete classes.
 */
abstract class SegmentsCases extends FirewallDriverCase {

  @Test
  void networksAreIsolatedAndASandboxOnBothReachesBoth() throws Exception {
    dualStack("sega", 91, null);
    dualStack("segb", 92, null);
    TestNetns a = topo.sandbox("sa");
    TestNetns b = topo.sandbox("sb");
    TestNetns both = topo.sandbox("sab");
    JsonNode ea = attach("sega", a, null);
    JsonNode eb = attach("segb", b, null);
    JsonNode bothA = attach("sega", both, "\"interface\":\"eth0\"");
    JsonNode bothB = attach("segb", both, "\"interface\":\"eth1\"");
    // the sandbox end keeps IPv6 on a dual-stack network; the bridge port does without it (the
    // IPv6 traffic below crosses it all the same)
    assertEquals("0", a.sh("cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6").trim());
    assertEquals("1", topo.host().sh("cat", "/proc/sys/net/ipv6/conf/cn" + ea.get("id").asText().substring(0, 13) + "/disable_ipv6").trim());
    try (ServerSocketChannel sa = NsSockets.listen(a, 9200); ServerSocketChannel sb = NsSockets.listen(b, 9200);
        ServerSocketChannel sboth = NsSockets.listen(both, 9200); DatagramChannel ub = NsSockets.listenUdp(b, 9201)) {
      // across networks: nothing, either way, either family, even to the dual-homed sandbox's other side
      noTcp(a, sb, v4(eb), 9200);
      noTcp(a, sb, v6(eb), 9200);
      noUdp(a, ub, v4(eb), 9201);
      noUdp(a, ub, v6(eb), 9201);
      noTcp(b, sa, v4(ea), 9200);
      noTcp(b, sa, v6(ea), 9200);
      noTcp(a, sboth, v4(bothB), 9200);
      noTcp(a, sboth, v6(bothB), 9200);
      // the sandbox on both reaches each side directly
      assertEquals(v4(bothA), tcp(both, sa, v4(ea), 9200));
      assertEquals(canonical(v6(bothA)), tcp(both, sa, v6(ea), 9200));
      assertEquals(v4(bothB), tcp(both, sb, v4(eb), 9200));
      assertEquals(canonical(v6(bothB)), tcp(both, sb, v6(eb), 9200));
      assertEquals(v4(bothB), udp(both, ub, v4(eb), 9201));
      // and within a network (icc on by default) endpoints reach each other
      assertEquals(v4(ea), tcp(a, sboth, v4(bothA), 9200));
      assertEquals(canonical(v6(ea)), tcp(a, sboth, v6(bothA), 9200));
    }
    deleteAll("sega");
    deleteAll("segb");
    otherDriverUntouched();
  }

  @Test
  void iccOffKeepsEndpointsApartButNotFromTheWorldOrPublishedPorts() throws Exception {
    JsonNode net = dualStack("noicc", 93, "\"options\":{\"icc\":\"false\"}");
    assertEquals("false", net.get("options").get("icc").asText(), net::toString);
    TestNetns c1 = topo.sandbox("ic1");
    TestNetns c2 = topo.sandbox("ic2");
    JsonNode e1 = attach("noicc", c1, null);
    JsonNode e2 = attach("noicc", c2, "\"ports\":[{\"containerPort\":80,\"hostPort\":8090},"
        + "{\"protocol\":\"udp\",\"containerPort\":5300,\"hostPort\":8090}]");
    try (ServerSocketChannel s2 = NsSockets.listen(c2, 80); DatagramChannel u2 = NsSockets.listenUdp(c2, 5300);
        ServerSocketChannel world = NsSockets.listen(topo.world(), 9300)) {
      noTcp(c1, s2, v4(e2), 80);
      noTcp(c1, s2, v6(e2), 80);
      noUdp(c1, u2, v4(e2), 5300);
      noUdp(c1, u2, v6(e2), 5300);
      assertEquals(HOST_UPLINK, tcp(c1, world, WORLD, 9300), "out to the world, masqueraded");
      assertEquals(HOST_UPLINK6, tcp(c1, world, WORLD6, 9300), "out to the world over IPv6, masqueraded");
      assertEquals(WORLD, tcp(topo.world(), s2, HOST_UPLINK, 8090), "the world reaches the published port");
      assertEquals(WORLD6, tcp(topo.world(), s2, HOST_UPLINK6, 8090));
      assertEquals(WORLD, udp(topo.world(), u2, HOST_UPLINK, 8090));
      // a published port is open to every network, the endpoint's own included (hairpin through the host)
      tcp(c1, s2, HOST_UPLINK, 8090);
      tcp(c1, s2, HOST_UPLINK6, 8090);
      udp(c1, u2, HOST_UPLINK, 8090);
    }
    String id = net.get("id").asText();
    assertTrue(firewall().contains(id));
    deleteAll("noicc");
    otherDriverUntouched();
  }

  @Test
  void anInternalNetworkHasNoWayOutAndPublishesNothing() throws Exception {
    JsonNode net = network("{\"name\":\"closed\",\"driver\":\"nat\",\"internal\":true,"
        + "\"ipam\":{\"config\":[{\"subnet\":\"10.94.0.0/24\"},{\"subnet\":\"fd00:94::/64\"}]}}");
    TestNetns c = topo.sandbox("in1");
    TestNetns d = topo.sandbox("in2");
    JsonNode ec = attach("closed", c, null);
    JsonNode ed = attach("closed", d, null);
    assertFalse(c.sh("ip", "route").contains("default"), "an internal network gives no default route");
    // even with routes put in by hand, the host forwards nothing in or out
    c.sh("ip", "route", "add", "default", "via", "10.94.0.1");
    c.sh("ip", "-6", "route", "add", "default", "via", "fd00:94::1");
    topo.world().sh("ip", "route", "add", "10.94.0.0/24", "via", HOST_UPLINK);
    topo.world().sh("ip", "-6", "route", "add", "fd00:94::/64", "via", HOST_UPLINK6);
    try (ServerSocketChannel sd = NsSockets.listen(d, 9400); ServerSocketChannel sc = NsSockets.listen(c, 9401);
        ServerSocketChannel world = NsSockets.listen(topo.world(), 9402); DatagramChannel uworld = NsSockets.listenUdp(topo.world(), 9403)) {
      assertEquals(v4(ec), tcp(c, sd, v4(ed), 9400), "inside the segment all is well");
      assertEquals(canonical(v6(ec)), tcp(c, sd, v6(ed), 9400));
      noTcp(c, world, WORLD, 9402);
      noTcp(c, world, WORLD6, 9402);
      noUdp(c, uworld, WORLD, 9403);
      noUdp(c, uworld, WORLD6, 9403);
      noTcp(topo.world(), sc, v4(ec), 9401);
      noTcp(topo.world(), sc, v6(ec), 9401);
    } finally {
      topo.world().run("ip", "route", "del", "10.94.0.0/24");
      topo.world().run("ip", "-6", "route", "del", "fd00:94::/64");
    }
    String before = firewall();
    Reply r = http.post("/v1/networks/closed/endpoints", "{\"sandbox\":\"" + topo.sandbox("in3").path()
        + "\",\"ports\":[{\"containerPort\":80,\"hostPort\":8095}]}");
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.body().contains("internal"), r::toString);
    assertEquals(before, firewall(), "a refused attach changes nothing");
    assertTrue(firewall().contains(net.get("id").asText()));
    deleteAll("closed");
  }
}
