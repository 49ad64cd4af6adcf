package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * One running sandbox on a {@code nat} and a routed {@code bridge} network at once, connected and
 * disconnected while it runs; {@code gwPriority} picks the network of the default route, which
 * the world can tell apart: through nat it sees the host's address, through the routed bridge the
 * sandbox's own.
 */
@Privileged
class MultiNetworkIT extends ServiceFixture {
  private int port = 9300;

  @Test
  void aSandboxOnNatAndBridgeReachesBothAndSurvivesLosingEither() throws Exception {
    assertEquals(201, http.post("/v1/networks", "{\"name\":\"front\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.81.0.0/24\"}]}}")
        .status());
    assertEquals(201, http.post("/v1/networks", "{\"name\":\"back\",\"driver\":\"bridge\",\"ipam\":{\"config\":[{\"subnet\":\"10.82.0.0/24\"}]}}")
        .status());
    topo.world().sh("ip", "route", "add", "10.82.0.0/24", "via", HostTopology.HOST_UPLINK);
    TestNetns s = topo.sandbox("multi");
    TestNetns t = topo.sandbox("onfront");
    TestNetns u = topo.sandbox("onback");
    String tAddr = address(attach("front", t, "eth0", null));
    String uAddr = address(attach("back", u, "eth0", null));

    Reply f = attach("front", s, "eth0", null);
    Reply b = attach("back", s, "eth1", 10);
    assertEquals(10, b.json().get("gwPriority").asInt(), b::toString);
    assertEquals(0, f.json().get("gwPriority").asInt(), f::toString);
    String sBack = address(b);
    assertTrue(firstDefault(s).contains("dev eth1"), "the higher gwPriority carries the default route: " + s.sh("ip", "route"));
    assertEquals(sBack, seenByWorld(s), "out through the routed bridge, unmasqueraded");
    assertEquals(address(f), seenBy(t, s, tAddr));
    assertEquals(sBack, seenBy(u, s, uAddr));

    // disconnected while running: the nat network takes the default route over
    assertEquals(204, http.delete("/v1/networks/back/endpoints/" + b.json().get("id").asText()).status());
    assertFalse(s.run("ip", "link", "show", "eth1").exit() == 0);
    assertTrue(firstDefault(s).contains("dev eth0"), s.sh("ip", "route"));
    assertEquals(HostTopology.HOST_UPLINK, seenByWorld(s), "now masqueraded through nat");
    assertEquals(address(f), seenBy(t, s, tAddr));

    // connected again with the default priority: a tie, so nat, attached first, keeps the default route
    Reply b2 = attach("back", s, "eth1", null);
    assertTrue(firstDefault(s).contains("dev eth0"), s.sh("ip", "route"));
    assertEquals(HostTopology.HOST_UPLINK, seenByWorld(s));
    assertEquals(address(b2), seenBy(u, s, uAddr), "the bridge network is reached by its subnet");

    // the nat network goes: the bridge's route, there all along, carries the traffic
    assertEquals(204, http.delete("/v1/networks/front/endpoints/" + f.json().get("id").asText()).status());
    assertTrue(firstDefault(s).contains("dev eth1"), s.sh("ip", "route"));
    assertEquals(address(b2), seenByWorld(s));
    assertEquals(address(b2), seenBy(u, s, uAddr));

    Reply bad = http.post("/v1/networks/front/endpoints", "{\"sandbox\":\"" + s.path() + "\",\"gwPriority\":5000}");
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.body().contains("gwPriority"), bad::toString);
    topo.world().run("ip", "route", "del", "10.82.0.0/24");
  }

  private String seenByWorld(TestNetns from) {
    try (ServerSocketChannel server = NsSockets.listen(topo.world(), ++port)) {
      return NsSockets.exchange(from, server, HostTopology.WORLD, port).peer();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private String seenBy(TestNetns server, TestNetns from, String serverAddress) {
    try (ServerSocketChannel listening = NsSockets.listen(server, ++port)) {
      return NsSockets.exchange(from, listening, serverAddress, port).peer();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String firstDefault(TestNetns ns) {
    return ns.sh("ip", "route", "show", "default").lines().findFirst().orElse("");
  }

  private static String address(Reply endpoint) {
    assertTrue(endpoint.status() == 201 || endpoint.status() == 200, endpoint::toString);
    String a = endpoint.json().get("ipv4Address").asText();
    return a.substring(0, a.indexOf('/'));
  }

  private Reply attach(String network, TestNetns ns, String iface, Integer gwPriority) {
    return http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\",\"interface\":\"" + iface + "\""
        + (gwPriority == null ? "" : ",\"gwPriority\":" + gwPriority) + "}");
  }
}
