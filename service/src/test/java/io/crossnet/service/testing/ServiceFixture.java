package io.crossnet.service.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service against a {@link HostTopology}, once per test class: started before the
 * class's own {@code @BeforeAll} methods, stopped and the topology removed after its
 * {@code @AfterAll} ones, even when a test or the start failed.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceFixture {
  protected HostTopology topo;
  protected ServiceProcess service;
  protected UnixHttp http;
  /** This class's scratch directory (the service's data is under it), set before {@link #config} is asked. */
  protected Path dir;

  /** Settings of this class's service besides the host namespace, which is always the topology's. */
  protected Map<String, String> config() {
    return Map.of();
  }

  @BeforeAll
  void startService(@TempDir Path scratch) {
    dir = scratch;
    topo = HostTopology.create();
    Map<String, String> c = new HashMap<>(config());
    c.put("crossnet.linux.host-netns", topo.host().path());
    service = new ServiceProcess(dir, c);
    service.start();
    http = service.http();
  }

  /** Creates a nat network with one IPv4 subnet; the created network. */
  protected JsonNode net(String name, String subnet) {
    Reply r = http.post("/v1/networks", "{\"name\":\"" + name + "\",\"ipam\":{\"config\":[{\"subnet\":\"" + subnet + "\"}]}}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  /** Attaches the sandbox with defaults; the new endpoint. */
  protected JsonNode attach(String network, TestNetns ns) {
    Reply r = http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\"}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  /** The endpoint's IPv4 address without its prefix length. */
  protected static String address(JsonNode endpoint) {
    String cidr = endpoint.get("ipv4Address").asText();
    return cidr.substring(0, cidr.indexOf('/'));
  }

  /** Waits up to {@code within} for {@code check}; fails with the service's log when it never holds. */
  protected void eventually(String what, Duration within, BooleanSupplier check) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && !check.getAsBoolean()) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertTrue(check.getAsBoolean(), what + " within " + within + "; service log:\n" + service.logTail());
  }

  @AfterAll
  void stopService() {
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
}
