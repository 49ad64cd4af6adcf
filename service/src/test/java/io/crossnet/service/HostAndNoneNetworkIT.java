package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import org.junit.jupiter.api.Test;

/** The {@code host} and {@code none} pseudo-types: records with the kernel state they promise. */
@Privileged
class HostAndNoneNetworkIT extends ServiceFixture {

  @Test
  void hostNetworkRecordsTheHostNamespaceAndNothingElse() {
    String before = BridgeNetworkIT.hostState(topo);
    Reply net = http.post("/v1/networks", "{\"name\":\"hostnet\",\"driver\":\"host\"}");
    assertEquals(201, net.status(), net::toString);
    assertEquals(0, net.json().get("ipam").get("config").size(), net::toString);
    Reply ep = http.post("/v1/networks/hostnet/endpoints", "{\"sandbox\":\"" + topo.host().path() + "\",\"name\":\"web\"}");
    assertEquals(201, ep.status(), ep::toString);
    assertTrue(ep.json().path("ipv4Address").isNull(), ep::toString);
    assertEquals(before, BridgeNetworkIT.hostState(topo), "the host namespace is not touched");

    TestNetns other = topo.sandbox("notho");
    Reply wrong = http.post("/v1/networks/hostnet/endpoints", "{\"sandbox\":\"" + other.path() + "\"}");
    assertEquals(400, wrong.status(), wrong::toString);
    assertTrue(wrong.body().contains("\"sandbox\"") && wrong.body().contains("host's network namespace"), wrong::toString);
    assertEquals(1, http.get("/v1/networks/hostnet/endpoints").json().size(), "the refused attach left no record");

    Reply ports = http.post("/v1/networks/hostnet/endpoints", "{\"sandbox\":\"" + topo.host().path()
        + "\",\"interface\":\"eth9\",\"ports\":[{\"containerPort\":80}]}");
    assertEquals(400, ports.status(), ports::toString);

    assertEquals(204, http.delete("/v1/networks/hostnet/endpoints/" + ep.json().get("id").asText()).status());
    assertEquals(204, http.delete("/v1/networks/hostnet").status());
    assertEquals(before, BridgeNetworkIT.hostState(topo));
  }

  @Test
  void noneNetworkLeavesTheSandboxOnlyItsLoopbackUp() {
    TestNetns c = topo.sandbox("none");
    c.sh("ip", "link", "set", "lo", "down");
    Reply net = http.post("/v1/networks", "{\"name\":\"nonet\",\"driver\":\"none\"}");
    assertEquals(201, net.status(), net::toString);
    Reply ep = http.post("/v1/networks/nonet/endpoints", "{\"sandbox\":\"" + c.path() + "\"}");
    assertEquals(201, ep.status(), ep::toString);
    String links = c.sh("ip", "-o", "link", "show");
    assertEquals(1, links.lines().count(), links);
    assertTrue(links.contains("lo:") && links.contains("UP"), links);
    assertTrue(c.sh("ip", "-o", "addr", "show", "dev", "lo").contains("127.0.0.1/8"));
    assertFalse(c.sh("ip", "route").contains("default"));

    Reply bad = http.post("/v1/networks", "{\"name\":\"nonet2\",\"driver\":\"none\",\"ipam\":{\"config\":[{\"subnet\":\"10.90.0.0/24\"}]},"
        + "\"options\":{\"mtu\":\"1400\"}}");
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.body().contains("\"ipam\"") && bad.body().contains("options.mtu"), bad::toString);

    assertEquals(204, http.delete("/v1/networks/nonet/endpoints/" + ep.json().get("id").asText()).status());
    assertTrue(c.sh("ip", "-o", "link", "show", "lo").contains("UP"), "detach leaves the sandbox's own loopback");
    assertEquals(204, http.delete("/v1/networks/nonet").status());
  }

  @Test
  void driversListsEveryTypeWithAReason() {
    JsonNode drivers = http.get("/v1/drivers").json();
    assertEquals(8, drivers.size(), drivers::toString);
    for (JsonNode d : drivers) {
      assertFalse(d.get("detail").asText().isBlank(), d::toString);
      boolean expected = switch (d.get("name").asText()) {
        case "nat", "bridge", "macvlan", "transparent", "l2bridge", "host", "none" -> true;
        default -> false;
      };
      assertEquals(expected, d.get("supported").asBoolean(), d::toString);
    }
    Reply refused = http.post("/v1/networks", "{\"name\":\"t\",\"driver\":\"overlay\"}");
    assertEquals(422, refused.status(), refused::toString);
  }
}
