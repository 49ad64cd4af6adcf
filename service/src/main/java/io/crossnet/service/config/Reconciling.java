package io.crossnet.service.config;

import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.flow.Reconciler;
import io.crossnet.core.store.Store;
import io.crossnet.service.discovery.Discovery;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The reconciler's schedule: one pass at start-up, before the API answers (what a crash or a
 * reboot left is settled first, then names resolve again in the sandboxes that survived), and
 * one every {@code crossnet.reconcile-period}.
 */
@Singleton
public class Reconciling {
  private static final Logger LOG = Logger.getLogger(Reconciling.class);

  private final Crossnet crossnet;

  Reconciling(Crossnet crossnet) {
    this.crossnet = crossnet;
  }

  void start(@Observes StartupEvent event, Discovery discovery, Store store) {
    pass();
    discovery.start(store, crossnet.backend()::sandboxExists);
  }

  @Scheduled(every = "${crossnet.reconcile-period}", delayed = "${crossnet.reconcile-period}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void pass() {
    Reconciler.Report r = crossnet.reconciler().run();
    if (!r.quiet()) {
      LOG.infof("reconciled: finished %s, rolled back %s, repaired %s, collected %s, orphans removed %s, failures %s",
          r.finished(), r.rolledBack(), r.repaired(), r.collected(), r.orphansRemoved(), r.failures());
    }
  }
}
