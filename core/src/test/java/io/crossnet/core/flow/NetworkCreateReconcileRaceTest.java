package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.events.EventHub;
import io.crossnet.core.events.EventType;
import io.crossnet.core.events.Subscription;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.ports.PortRange;
import io.crossnet.core.store.Store;
import io.crossnet.core.store.StoreTx;
import io.crossnet.core.store.StoreView;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A reconcile pass that runs while a network is being created must not take the create's
 * PENDING record for one a crash left: it would create the network's OS objects and commit it
 * itself, and the create would then do it all again (two network-created events). The store
 * here pauses the create right after its intent is written, and lets a pass run meanwhile.
 */
class NetworkCreateReconcileRaceTest extends FlowFixture {

  /** The embedded store, with a pause after the write that records the PENDING network {@code late}. */
  private final class PausingStore implements Store {
    final AtomicReference<Runnable> afterIntent = new AtomicReference<>();

    @Override
    public <T> T read(Function<StoreView, T> work) {
      return store.read(work);
    }

    @Override
    public <T> T write(Durability durability, Function<StoreTx, T> work) {
      T result = store.write(durability, work);
      boolean intent = store.read(v -> v.networkByName("late").map(n -> n.state() == LifecycleState.PENDING).orElse(false));
      Runnable pause = intent ? afterIntent.getAndSet(null) : null;
      if (pause != null) {
        pause.run();
      }
      return result;
    }

    @Override
    public void close() {}
  }

  @Test
  void aPassDuringACreateWaitsForItInsteadOfFinishingItTwice() throws Exception {
    PausingStore paused = new PausingStore();
    EventHub hub = new EventHub(16);
    Subscription events = hub.subscribe();
    Crossnet c = new Crossnet(paused, backend, AddressPools.dockerDefaults(), PortRange.DOCKER_DEFAULT, ChangeListener.NONE, hub);
    AtomicReference<Reconciler.Report> report = new AtomicReference<>();
    Thread pass = new Thread(() -> report.set(c.reconciler().run()), "pass");
    paused.afterIntent.set(() -> {
      pass.start();
      // until the pass is done (it took the record for a crash's) or waits for the network's lock
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (pass.isAlive() && pass.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    });
    c.networks().create(nat("late", "10.12.0.0/24"));
    pass.join(TimeUnit.SECONDS.toMillis(30));

    assertEquals(1, backend.count("createNetwork"), backend.calls::toString);
    assertTrue(report.get().finished().isEmpty(), "the pass found an active network, not one to finish: " + report.get());
    assertEquals(EventType.NETWORK_CREATED, events.next(0, TimeUnit.SECONDS).type());
    assertEquals(null, events.next(0, TimeUnit.SECONDS), "one network-created event");
  }
}
