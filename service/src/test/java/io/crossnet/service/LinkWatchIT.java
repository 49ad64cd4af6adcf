package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
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
 * Repairs driven by the kernel's link events, with the periodic reconcile an hour away: a bridge
 * deleted or brought down by hand, and an endpoint's veth deleted by hand, are each put right
 * within seconds, announced on {@code /v1/events}, and traffic works again. Nothing here can
 * pass by way of the period. (A sandbox namespace deleted by hand is not among them: crossnet's
 * resolver sockets inside it keep the namespace, and so its veth, alive until the periodic pass
 * collects the endpoint, which {@link RepairIT} shows.)
 */
@Privileged
class LinkWatchIT extends ServiceFixture {
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @Override
  protected Map<String, String> config() {
    return Map.of("crossnet.reconcile-period", "1h");
  }

  @Test
  void aBridgeDeletedByHandIsBackWithItsEndpointsWithinSeconds() throws Exception {
    JsonNode net = net("wd", "10.96.0.0/24");
    String bridge = net.get("objects").get(0).asText();
    TestNetns a = topo.sandbox("wda");
    TestNetns b = topo.sandbox("wdb");
    String epA = attach("wd", a).get("id").asText();
    String ipB = address(attach("wd", b));
    try (UnixSse events = UnixSse.open(service.socket())) {
      Shell.in(topo.host(), "ip", "link", "del", bridge).ok();
      UnixSse.Event repaired = events.await("repaired for network wd", e -> e.type().equals("repaired")
          && e.data().path("endpointId").isMissingNode() && e.data().path("networkName").asText().equals("wd"), WITHIN);
      assertEquals(net.get("id").asText(), repaired.data().get("networkId").asText());
      assertEquals(bridge, repaired.data().get("objects").get(0).asText());
      events.await("repaired for endpoint " + epA, e -> e.type().equals("repaired") && e.data().path("endpointId").asText().equals(epA),
          WITHIN);
    }
    eventually("the bridge is back with both veths on it", WITHIN, () -> talks(a, b, ipB));
    assertTrue(Shell.in(topo.host(), "ip", "-d", "link", "show", bridge).ok().out().contains("alias crossnet:" + net.get("id").asText()));
  }

  @Test
  void aBridgeBroughtDownByHandIsUpAgain() throws Exception {
    JsonNode net = net("wu", "10.97.0.0/24");
    String bridge = net.get("objects").get(0).asText();
    TestNetns a = topo.sandbox("wua");
    TestNetns b = topo.sandbox("wub");
    attach("wu", a);
    String ipB = address(attach("wu", b));
    try (UnixSse events = UnixSse.open(service.socket())) {
      Shell.in(topo.host(), "ip", "link", "set", bridge, "down").ok();
      events.await("repaired for network wu", e -> e.type().equals("repaired") && e.data().path("networkName").asText().equals("wu"),
          WITHIN);
    }
    eventually("the bridge is up and forwards", WITHIN, () -> talks(a, b, ipB));
    assertTrue(Shell.in(topo.host(), "ip", "link", "show", bridge).ok().out().contains(",UP"), "bridge flags show UP");
  }

  @Test
  void anEndpointsVethDeletedByHandIsMadeAgain() throws Exception {
    net("wv", "10.98.0.0/24");
    TestNetns a = topo.sandbox("wva");
    TestNetns b = topo.sandbox("wvb");
    attach("wv", a);
    JsonNode epB = attach("wv", b);
    String veth = "cn" + epB.get("id").asText().substring(0, 13); // the host end, named for the endpoint
    try (UnixSse events = UnixSse.open(service.socket())) {
      Shell.in(topo.host(), "ip", "link", "del", veth).ok(); // the sandbox's end goes with it
      events.await("repaired for endpoint " + epB.get("id").asText(), e -> e.type().equals("repaired")
          && e.data().path("endpointId").asText().equals(epB.get("id").asText()), WITHIN);
    }
    eventually("b is reachable at its address again", WITHIN, () -> talks(a, b, address(epB)));
    assertEquals("eth0", b.sh("ip", "-o", "link", "show", "eth0").split(": ")[1].split("@")[0], "the sandbox has its eth0 back");
  }

  private boolean talks(TestNetns from, TestNetns to, String address) {
    try (ServerSocketChannel server = NsSockets.listen(to, 8091)) {
      return "hello".equals(NsSockets.exchange(from, server, address, 8091).line());
    } catch (Exception e) {
      return false;
    }
  }

}
