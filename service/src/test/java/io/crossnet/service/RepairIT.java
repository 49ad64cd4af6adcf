package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.UnixHttp.Reply;
import io.crossnet.service.testing.UnixSse;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The periodic reconciler against things done behind crossnet's back, with a one-second period
 * and the link watch off (so the period, not a link event, is what notices; {@link LinkWatchIT}
 * shows the watch): each is repaired (or collected), announced on {@code /v1/events}, and
 * traffic works again.
 */
@Privileged
class RepairIT extends ServiceFixture {
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @Override
  protected Map<String, String> config() {
    return Map.of("crossnet.reconcile-period", "1s", "crossnet.watch.enabled", "false");
  }

  @Test
  void aBridgeDeletedByHandComesBackWithItsEndpoints() throws Exception {
    JsonNode net = net("rb", "10.91.0.0/24");
    String bridge = net.get("objects").get(0).asText();
    TestNetns a = topo.sandbox("ra");
    TestNetns b = topo.sandbox("rb");
    String epA = attach("rb", a).get("id").asText();
    String ipB = address(attach("rb", b));
    try (UnixSse events = UnixSse.open(service.socket())) {
      Shell.in(topo.host(), "ip", "link", "del", bridge).ok();
      UnixSse.Event repaired = events.await("repaired for network rb", e -> e.type().equals("repaired")
          && e.data().path("endpointId").isMissingNode() && e.data().path("networkName").asText().equals("rb"), WITHIN);
      assertEquals(net.get("id").asText(), repaired.data().get("networkId").asText());
      assertEquals(bridge, repaired.data().get("objects").get(0).asText());
      events.await("repaired for endpoint " + epA, e -> e.type().equals("repaired")
          && e.data().path("endpointId").asText().equals(epA), WITHIN);
    }
    eventually("the bridge and both veths are back", WITHIN, () -> talks(a, b, ipB));
  }

  @Test
  void aFlushedRulesetIsRestored() throws Exception {
    net("rf", "10.92.0.0/24");
    TestNetns a = topo.sandbox("fa");
    attach("rf", a);
    try (UnixSse events = UnixSse.open(service.socket())) {
      Shell.in(topo.host(), "nft", "flush", "ruleset").ok();
      events.await("repaired for network rf", e -> e.type().equals("repaired")
          && e.data().path("networkName").asText().equals("rf"), WITHIN);
    }
    eventually("masquerade works again", WITHIN, () -> {
      try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9100)) {
        return HostTopology.HOST_UPLINK.equals(NsSockets.exchange(a, server, HostTopology.WORLD, 9100).peer());
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void anEndpointWhoseNamespaceWasDeletedIsCollected() throws Exception {
    net("rg", "10.93.0.0/24");
    TestNetns a = topo.sandbox("ga");
    JsonNode ep = attach("rg", a);
    try (UnixSse events = UnixSse.open(service.socket())) {
      a.close();
      UnixSse.Event collected = events.await("garbage-collected", e -> e.type().equals("garbage-collected"), WITHIN);
      assertEquals(ep.get("id").asText(), collected.data().get("endpointId").asText());
      assertTrue(collected.data().get("detail").asText().contains(a.path() + " is gone"), collected::toString);
    }
    assertEquals(404, http.get("/v1/networks/rg/endpoints/" + ep.get("id").asText()).status());
    TestNetns b = topo.sandbox("gb");
    JsonNode next = attach("rg", b);
    assertEquals(ep.get("ipv4Address").asText().replace(".2/", ".3/"), next.get("ipv4Address").asText(),
        "the next attach gets the next address (the collected one is free but not reused at once)");
    assertTrue(talks(b, topo.host(), next.get("gateway").asText()), "the network carries traffic after the collection");
  }

  private boolean talks(TestNetns from, TestNetns to, String address) {
    try (ServerSocketChannel server = NsSockets.listen(to, 8090)) {
      return "hello".equals(NsSockets.exchange(from, server, address, 8090).line());
    } catch (Exception e) {
      return false;
    }
  }

}
