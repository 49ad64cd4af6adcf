package io.crossnet.service.config;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.flow.QuickReconcile;
import io.crossnet.core.flow.Reconciler;
import io.crossnet.core.store.Store;
import io.crossnet.service.discovery.Discovery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * The reconciler's schedule: one pass at start-up, before the API answers (what a crash or a
 * reboot left is settled first, then names resolve again in the sandboxes that survived), one
 * every {@code crossnet.reconcile-period}, and, when {@code crossnet.watch.enabled}, one for a
 * network soon after the OS reports a change to its objects.
 */
@Singleton
public class Reconciling {
  private static final Logger LOG = Logger.getLogger(Reconciling.class);

  private final Crossnet crossnet;
  private final CrossnetConfig config;
  private ScheduledExecutorService quickTimer;
  private NetworkBackend.Watch watch = NetworkBackend.Watch.NONE;

  Reconciling(Crossnet crossnet, CrossnetConfig config) {
    this.crossnet = crossnet;
    this.config = config;
  }

  void start(@Observes StartupEvent event, Discovery discovery, Store store) {
    pass();
    discovery.start(store, crossnet.backend()::sandboxExists);
    if (config.watch().enabled()) {
      // a thread of its own: the passes it runs wait for network locks, never on the backend's watch thread
      quickTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crossnet-quick-reconcile");
        t.setDaemon(true);
        return t;
      });
      QuickReconcile quick = new QuickReconcile(store, crossnet.reconciler(), quickTimer, config.watch().delay(),
          r -> log("reconciled after an OS change", r));
      watch = crossnet.backend().watch(quick);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    watch.close();
    if (quickTimer != null) {
      quickTimer.shutdownNow();
    }
  }

  @Scheduled(every = "${crossnet.reconcile-period}", delayed = "${crossnet.reconcile-period}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void pass() {
    log("reconciled", crossnet.reconciler().run());
  }

  private static void log(String what, Reconciler.Report r) {
    if (!r.quiet()) {
      LOG.infof("%s: finished %s, rolled back %s, repaired %s, collected %s, orphans removed %s, failures %s", what,
          r.finished(), r.rolledBack(), r.repaired(), r.collected(), r.orphansRemoved(), r.failures());
    }
  }
}
