package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which reports from the OS lead to a pass, and that a burst of them is one pass. */
class QuickReconcileTest extends FlowFixture {
  /** Keeps scheduled passes for the test to run, so nothing depends on timing. */
  final List<Runnable> due = new ArrayList<>();
  final List<Reconciler.Report> reports = new ArrayList<>();
  ScheduledThreadPoolExecutor timer;
  QuickReconcile quick;
  Network web;
  Endpoint ep;

  @BeforeEach
  void wire() {
    timer = new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        due.add(command);
        return null;
      }
    };
    quick = new QuickReconcile(store, crossnet.reconciler(), timer, Duration.ofMillis(250), reports::add);
    web = crossnet.networks().create(nat("web", "10.9.0.0/24"));
    ep = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint();
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private void runDue() {
    List<Runnable> now = List.copyOf(due);
    due.clear();
    now.forEach(Runnable::run);
  }

  @Test
  void aBurstOfReportsAboutOneNetworkIsOnePassOfThatNetwork() {
    backend.lost.add(web.id());
    quick.accept(web.id());
    quick.accept(web.id());
    quick.accept(ep.id()); // its veth, lost with the bridge
    assertEquals(1, due.size());
    runDue();
    assertEquals(1, reports.size());
    assertEquals(List.of("network web"), reports.get(0).repaired());
    quick.accept(web.id());
    assertEquals(1, due.size(), "once a pass has begun, a new report asks for another");
  }

  @Test
  void anUnmarkedLinkNamedForTheNetworkCountsAsItsOwn() {
    quick.accept(web.id().substring(0, 13));
    assertEquals(1, due.size());
  }

  @Test
  void reportsOfWhatAFlowIsWorkingOnOrOfStrangersAreIgnored() {
    store.write(Durability.SYNC, tx -> {
      tx.put(ep.withState(LifecycleState.DELETING));
      return null;
    });
    quick.accept(ep.id()); // a detach deleting its own veth
    quick.accept("f".repeat(64)); // no record: an orphan, or a detach already done
    quick.accept("probe1a2b3c"); // not an id
    assertTrue(due.isEmpty(), due.toString());
  }

  @Test
  void lostReportsAskForAFullPass() {
    quick.accept(null);
    assertEquals(1, due.size());
    runDue();
    assertTrue(backend.calls.contains("repair " + web.id()) && backend.calls.contains("repair " + ep.id()), backend.calls::toString);
  }
}
