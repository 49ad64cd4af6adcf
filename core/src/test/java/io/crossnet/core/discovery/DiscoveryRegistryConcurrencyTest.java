package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DiscoveryRegistryConcurrencyTest {
  @Test
  void readersSeeAConsistentRegistryWhileWritersChurn() throws Exception {
    DiscoveryRegistry registry = new DiscoveryRegistry();
    Network net = network("busy", null, "10.9.0.0/16");
    registry.put(net, endpoint(net, "stable", List.of("svc"), "10.9.0.2", null));
    Set<String> on = Set.of(net.id());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> problem = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          Lookup l = registry.lookup(on, "stable", Family.V4);
          if (!l.addresses().equals(List.of(IpAddress.tryParse("10.9.0.2")))) {
            problem.compareAndSet(null, "stable resolved to " + l);
          }
          if (!registry.lookup(on, "svc", Family.V4).known()) {
            problem.compareAndSet(null, "shared alias vanished");
          }
          reads.incrementAndGet();
        }
      });
      t.start();
      readers.add(t);
    }
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int base = w;
      Thread t = new Thread(() -> {
        for (int i = 0; i < 250; i++) {
          Endpoint e = endpoint(net, "w" + base + "-" + i, List.of("svc"), "10.9." + (base + 1) + "." + (i % 250 + 1), null);
          registry.put(net, e);
          if (i % 2 == 0) {
            registry.remove(e);
          }
        }
      });
      t.start();
      writers.add(t);
    }
    for (Thread t : writers) {
      t.join();
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertEquals(null, problem.get());
    assertTrue(reads.get() > 0);
    // 4 writers x 125 kept + the stable one
    assertEquals(501, registry.entries(on, "svc").size());
  }
}
