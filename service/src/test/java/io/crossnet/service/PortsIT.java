package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.ServiceProcess;
import io.crossnet.service.testing.UnixHttp;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Published ports through the REST API, with TCP and UDP from the world, the host and other sandboxes. */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortsIT {
  private HostTopology topo;
  private ServiceProcess service;
  private UnixHttp http;

  @BeforeAll
  void start(@TempDir Path dir) {
    topo = HostTopology.create();
    service = new ServiceProcess(dir, Map.of("crossnet.linux.host-netns", topo.host().path()));
    service.start();
    http = service.http();
    Reply n = http.post("/v1/networks", "{\"name\":\"pub\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.90.0.0/24\"}]}}");
    assertEquals(201, n.status(), n::toString);
  }

  @AfterAll
  void stop() {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (topo != null) {
        topo.close();
      }
    }
  }

  @Test
  void aTcpPortIsReachableFromTheWorldTheHostAndOtherSandboxes() throws Exception {
    TestNetns web = topo.sandbox("web");
    TestNetns client = topo.sandbox("cli");
    JsonNode ep = attach(web, "[{\"protocol\":\"tcp\",\"containerPort\":80,\"hostPort\":8080}]");
    assertEquals(8080, ep.get("ports").get(0).get("hostPort").asInt());
    attach(client, null);
    try (ServerSocketChannel server = NsSockets.listen(web, 80)) {
      assertEquals(HostTopology.WORLD, NsSockets.exchange(topo.world(), server, HostTopology.HOST_UPLINK, 8080).peer(),
          "from the world the client's own address arrives");
      assertEquals("hello", NsSockets.exchange(topo.host(), server, "127.0.0.1", 8080).line(), "from the host on localhost");
      assertEquals("hello", NsSockets.exchange(topo.host(), server, HostTopology.HOST_UPLINK, 8080).line(), "from the host on its address");
      assertEquals("hello", NsSockets.exchange(client, server, HostTopology.HOST_UPLINK, 8080).line(), "hairpin from a neighbour");
      assertEquals("hello", NsSockets.exchange(web, server, HostTopology.HOST_UPLINK, 8080).line(), "hairpin to itself");
    }
    detach(ep);
    try (ServerSocketChannel server = NsSockets.listen(web, 80)) {
      assertThrows(RuntimeException.class, () -> NsSockets.exchange(topo.world(), server, HostTopology.HOST_UPLINK, 8080));
    } finally {
      detachAll();
    }
  }

  @Test
  void udpAndAChosenPortWork() throws Exception {
    TestNetns dns = topo.sandbox("udp");
    JsonNode ep = attach(dns, "[{\"protocol\":\"udp\",\"containerPort\":5353}]");
    int chosen = ep.get("ports").get(0).get("hostPort").asInt();
    assertTrue(chosen >= 32768 && chosen <= 60999, "chosen " + chosen);
    // not 53: crossnet's resolver holds 127.0.0.11:53 in every sandbox
    try (DatagramChannel server = NsSockets.listenUdp(dns, 5353)) {
      assertEquals(HostTopology.WORLD, NsSockets.exchangeUdp(topo.world(), server, HostTopology.HOST_UPLINK, chosen));
    } finally {
      detachAll();
    }
  }

  @Test
  void aTakenPortIsAConflictAndDetachLeavesNothing() {
    TestNetns a = topo.sandbox("pa");
    TestNetns b = topo.sandbox("pb");
    JsonNode holder = attach(a, "[{\"containerPort\":80,\"hostPort\":9090}]");
    Reply r = http.post("/v1/networks/pub/endpoints", "{\"sandbox\":\"" + b.path() + "\",\"ports\":[{\"containerPort\":80,\"hostPort\":9090}]}");
    assertEquals(409, r.status(), r::toString);
    assertTrue(r.json().get("detail").asText().contains(holder.get("id").asText().substring(0, 12)), r::toString);
    String id = holder.get("id").asText();
    assertTrue(nft().contains(id), "the port's elements name their endpoint");
    detachAll();
    assertFalse(nft().contains(id), "no element of the detached endpoint is left: " + nft());
    assertFalse(nft().contains("9090"), nft());
  }

  private JsonNode attach(TestNetns ns, String ports) {
    Reply r = http.post("/v1/networks/pub/endpoints", "{\"sandbox\":\"" + ns.path() + "\"" + (ports == null ? "" : ",\"ports\":" + ports) + "}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private void detach(JsonNode ep) {
    assertEquals(204, http.delete("/v1/networks/pub/endpoints/" + ep.get("id").asText()).status());
  }

  private void detachAll() {
    for (JsonNode e : http.get("/v1/networks/pub/endpoints").json()) {
      detach(e);
    }
  }

  private String nft() {
    return Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").out();
  }
}
