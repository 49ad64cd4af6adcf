package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.ServiceProcess;
import io.crossnet.service.testing.UnixHttp.Reply;
import io.crossnet.service.testing.UnixHttp;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler against things done behind crossnet's back, with a one-second period: each is
 * repaired (or collected) and traffic works again.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepairIT {
  private static final Duration WITHIN = Duration.ofSeconds(20);
  private HostTopology topo;
  private ServiceProcess service;
  private UnixHttp http;

  @BeforeAll
  void start(@TempDir Path dir) {
    topo = HostTopology.create();
    service = new ServiceProcess(dir, Map.of("crossnet.linux.host-netns", topo.host().path(), "crossnet.reconcile-period", "1s"));
    service.start();
    http = service.http();
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
  void aBridgeDeletedByHandComesBackWithItsEndpoints() throws Exception {
    String bridge = net("rb", "10.91.0.0/24").get("objects").get(0).asText();
    TestNetns a = topo.sandbox("ra");
    TestNetns b = topo.sandbox("rb");
    attach("rb", a);
    String ipB = address(attach("rb", b));
    Shell.in(topo.host(), "ip", "link", "del", bridge).ok();
    eventually("the bridge and both veths are back", () -> talks(a, b, ipB));
  }

  @Test
  void aFlushedRulesetIsRestored() throws Exception {
    net("rf", "10.92.0.0/24");
    TestNetns a = topo.sandbox("fa");
    attach("rf", a);
    Shell.in(topo.host(), "nft", "flush", "ruleset").ok();
    eventually("masquerade works again", () -> {
      try (ServerSocketChannel server = NsSockets.listen(topo.world(), 9100)) {
        return HostTopology.HOST_UPLINK.equals(NsSockets.exchange(a, server, HostTopology.WORLD, 9100).peer());
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void anEndpointWhoseNamespaceWasDeletedIsCollected() {
    net("rg", "10.93.0.0/24");
    TestNetns a = topo.sandbox("ga");
    JsonNode ep = attach("rg", a);
    a.close();
    eventually("the endpoint is released", () -> http.get("/v1/networks/rg/endpoints/" + ep.get("id").asText()).status() == 404);
    TestNetns b = topo.sandbox("gb");
    assertEquals(ep.get("ipv4Address").asText().replace(".2/", ".3/"), attach("rg", b).get("ipv4Address").asText(),
        "the next attach gets the next address (the collected one is free but not reused at once)");
  }

  private boolean talks(TestNetns from, TestNetns to, String address) {
    try (ServerSocketChannel server = NsSockets.listen(to, 8090)) {
      return "hello".equals(NsSockets.exchange(from, server, address, 8090).line());
    } catch (Exception e) {
      return false;
    }
  }

  private JsonNode net(String name, String subnet) {
    Reply r = http.post("/v1/networks", "{\"name\":\"" + name + "\",\"ipam\":{\"config\":[{\"subnet\":\"" + subnet + "\"}]}}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private JsonNode attach(String network, TestNetns ns) {
    Reply r = http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\"}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  private static String address(JsonNode endpoint) {
    String cidr = endpoint.get("ipv4Address").asText();
    return cidr.substring(0, cidr.indexOf('/'));
  }

  private void eventually(String what, BooleanSupplier check) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (check.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertTrue(check.getAsBoolean(), what + " within " + WITHIN + "; service log:\n" + service.logTail());
  }
}
