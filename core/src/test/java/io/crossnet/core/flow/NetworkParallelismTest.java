package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.crossnet.core.model.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operations on different networks run at the same time; operations on one network take turns;
 * and no backend step, however slow, holds a lock that other networks need (the store's lock is
 * held for in-memory transactions only). The backend double here stands in for a slow kernel.
 */
class NetworkParallelismTest extends FlowFixture {
  private static final long DEADLINE_SECONDS = 30;
  ExecutorService pool;

  @BeforeEach
  void networks() {
    pool = Executors.newCachedThreadPool();
    crossnet.networks().create(nat("a", "10.1.0.0/24"));
    crossnet.networks().create(nat("b", "10.2.0.0/24"));
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private <T> Future<T> async(Callable<T> work) {
    return pool.submit(work);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void attachesToTwoNetworksAreInTheBackendAtTheSameTime() throws Exception {
    // each attach waits inside the backend until the other one is there too: serialized, they would never meet
    CyclicBarrier both = new CyclicBarrier(2);
    backend.hook = call -> {
      if (call.startsWith("attach ")) {
        try {
          both.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
          throw new IllegalStateException("the other network's attach never reached the backend", e);
        }
      }
    };
    Future<Endpoint> a = async(() -> crossnet.endpoints().attach("a", sandbox("/run/netns/x")).endpoint());
    Future<Endpoint> b = async(() -> crossnet.endpoints().attach("b", sandbox("/run/netns/x")).endpoint());
    assertEquals("10.1.0.2/24", await(a).ipv4().toString());
    assertEquals("10.2.0.2/24", await(b).ipv4().toString());
  }

  @Test
  void operationsOnOneNetworkNeverOverlapInTheBackend() throws Exception {
    Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    AtomicInteger mostAtOnceOnA = new AtomicInteger();
    backend.hook = call -> {
      if (call.endsWith(" a")) {
        int now = inside.computeIfAbsent("a", k -> new AtomicInteger()).incrementAndGet();
        mostAtOnceOnA.accumulateAndGet(now, Math::max);
        Thread.yield();
        inside.get("a").decrementAndGet();
      }
    };
    List<Future<Object>> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      String path = "/run/netns/s" + c;
      clients.add(async(() -> {
        for (int i = 0; i < 25; i++) {
          Endpoint e = crossnet.endpoints().attach("a", sandbox(path)).endpoint();
          crossnet.endpoints().detach("a", e.id());
        }
        return null;
      }));
    }
    for (Future<Object> f : clients) {
      await(f);
    }
    assertEquals(1, mostAtOnceOnA.get(), "two calls for network a were in the backend at once");
    assertEquals(400, backend.count("attach") + backend.count("detach"));
  }

  @Test
  void aBackendStepStuckOnOneNetworkHoldsUpOnlyThatNetwork() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    backend.hook = call -> {
      if (call.equals("attach a") || call.equals("validate slow") || call.equals("repair a")) {
        stuck.countDown();
        try {
          release.await(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Future<Endpoint> first = async(() -> crossnet.endpoints().attach("a", sandbox("/run/netns/x")).endpoint());
    assertEqualsWithin(stuck);
    Future<Endpoint> second = async(() -> crossnet.endpoints().attach("a", sandbox("/run/netns/y")).endpoint());
    Future<Object> creating = async(() -> crossnet.networks().create(nat("slow", "10.3.0.0/24"))); // stuck in validate
    Future<Object> reconciling = async(() -> crossnet.reconciler().run()); // will wait for a's lock

    // meanwhile everything on network b, and every read, goes through
    Endpoint onB = await(async(() -> crossnet.endpoints().attach("b", sandbox("/run/netns/x")).endpoint()));
    assertEquals(1, await(async(() -> crossnet.endpoints().list("b"))).size());
    assertEquals(2, await(async(() -> crossnet.networks().list())).size(), "a and b; slow is not recorded before it is validated");
    await(async(() -> {
      crossnet.endpoints().detach("b", onB.id());
      return null;
    }));
    await(async(() -> crossnet.networks().create(nat("c", "10.4.0.0/24"))));
    await(async(() -> {
      crossnet.networks().delete("c");
      return null;
    }));
    assertFalse(first.isDone() || second.isDone(), "network a's calls wait for its stuck attach");

    release.countDown();
    assertEquals("10.1.0.2/24", await(first).ipv4().toString());
    assertEquals("10.1.0.3/24", await(second).ipv4().toString());
    await(creating);
    await(reconciling);
  }

  private static void assertEqualsWithin(CountDownLatch latch) throws InterruptedException {
    assertEquals(true, latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS), "the first attach reached the backend");
  }
}
