package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A pass over a network with many endpoints takes the network's lock once per endpoint, so an
 * attach that arrives during the pass is served between two endpoints, not after all of them.
 * (When the pass held the lock for the whole network, a pass over 2,000 endpoints with published
 * ports stalled that network's attaches for minutes.) The backend double's endpoint checks take
 * their time until the attach is through, at most {@link #PAUSE_MS} each.
 */
class ReconcilerLockTest extends FlowFixture {
  private static final int ENDPOINTS = 40;
  private static final long PAUSE_MS = 100;

  @Test
  void anAttachDuringALongPassIsServedBeforeThePassEnds() throws Exception {
    crossnet.networks().create(nat("busy", "10.1.0.0/24"));
    for (int i = 0; i < ENDPOINTS; i++) {
      crossnet.endpoints().attach("busy", sandbox("/run/netns/s" + i));
    }
    CountDownLatch passStarted = new CountDownLatch(1);
    CountDownLatch attached = new CountDownLatch(1);
    AtomicInteger checkedAfterAttach = new AtomicInteger();
    AtomicBoolean passOver = new AtomicBoolean();
    backend.hook = call -> {
      if (call.startsWith("repair endpoint ")) {
        passStarted.countDown();
        try {
          if (attached.await(PAUSE_MS, TimeUnit.MILLISECONDS)) {
            checkedAfterAttach.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> pass = pool.submit(() -> {
        crossnet.reconciler().run();
        passOver.set(true);
      });
      assertTrue(passStarted.await(30, TimeUnit.SECONDS), "the pass reached the endpoints");
      Future<Endpoint> late = pool.submit(() -> crossnet.endpoints().attach("busy", sandbox("/run/netns/late")).endpoint());
      Endpoint e = late.get(30, TimeUnit.SECONDS);
      boolean beforeTheEnd = !passOver.get();
      attached.countDown();
      pass.get(30, TimeUnit.SECONDS);
      assertTrue(beforeTheEnd, "the attach waited for the whole pass");
      assertTrue(checkedAfterAttach.get() > 0, "the pass went on after the attach");
      assertEquals("busy", crossnet.networks().get(e.networkId()).name());
    } finally {
      pool.shutdownNow();
    }
  }
}
