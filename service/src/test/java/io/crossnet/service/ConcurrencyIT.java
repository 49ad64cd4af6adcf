package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 64 clients, 5,000 operations over four networks: no 5xx, never one address on two live
 * endpoints, and at the end the service holds exactly what was acknowledged, in the store and
 * in the kernel.
 */
@Privileged
class ConcurrencyIT extends ServiceFixture {
  private static final int CLIENTS = 64;
  private static final int OPERATIONS = 5_000;
  private static final int NETWORKS = 4;

  @BeforeAll
  void seed() {
    for (int n = 0; n < NETWORKS; n++) {
      Reply r = http.post("/v1/networks", "{\"name\":\"c" + n + "\",\"ipam\":{\"config\":[{\"subnet\":\"10." + (100 + n) + ".0.0/16\"}]}}");
      assertEquals(201, r.status(), r::toString);
    }
  }

  @Test
  void parallelClientsGetDistinctAddressesAndTheFinalStateIsWhatWasAcknowledged() throws Exception {
    List<TestNetns> sandboxes = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      sandboxes.add(topo.sandbox("cc" + i));
    }
    Map<String, String> live = new ConcurrentHashMap<>(); // network/address -> endpoint id
    Set<String> acknowledged = ConcurrentHashMap.newKeySet(); // endpoint ids attached and not detached
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicInteger operations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        TestNetns sandbox = sandboxes.get(c);
        int client = c;
        clients.add(pool.submit(() -> {
          for (int round = 0; operations.get() < OPERATIONS; round++) {
            String network = "c" + ((client + round) % NETWORKS);
            Reply a = http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + sandbox.path() + "\"}");
            operations.incrementAndGet();
            if (a.status() != 201) {
              problems.add("attach " + a);
              return;
            }
            JsonNode ep = a.json();
            String id = ep.get("id").asText();
            String other = live.putIfAbsent(network + "/" + ep.get("ipv4Address").asText(), id);
            if (other != null) {
              problems.add("address " + ep.get("ipv4Address").asText() + " given to " + id + " while " + other + " holds it");
            }
            acknowledged.add(id);
            if (operations.get() >= OPERATIONS) {
              return; // leave this one attached: the final state is not empty
            }
            live.remove(network + "/" + ep.get("ipv4Address").asText());
            Reply d = http.delete("/v1/networks/" + network + "/endpoints/" + id);
            operations.incrementAndGet();
            if (d.status() != 204) {
              problems.add("detach " + d);
              return;
            }
            acknowledged.remove(id);
          }
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.peek());
    assertTrue(operations.get() >= OPERATIONS, "ran " + operations.get());

    Set<String> recorded = new TreeSet<>();
    for (int n = 0; n < NETWORKS; n++) {
      http.get("/v1/networks/c" + n + "/endpoints").json().forEach(e -> recorded.add(e.get("id").asText()));
    }
    assertEquals(new TreeSet<>(acknowledged), recorded, "the store holds exactly the acknowledged endpoints");
    // the host namespace holds the four bridges and one veth per endpoint, nothing else
    assertEquals(recorded.size() + NETWORKS, topo.crossnetLinks().size(), topo.crossnetLinks()::toString);
  }
}
