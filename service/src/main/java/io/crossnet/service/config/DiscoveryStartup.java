package io.crossnet.service.config;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.store.Store;
import io.crossnet.service.discovery.Discovery;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** At start-up, before the API answers: names resolve again in every sandbox that survived a restart. */
@Singleton
public class DiscoveryStartup {
  void start(@Observes StartupEvent event, Discovery discovery, Store store, NetworkBackend backend) {
    discovery.start(store, backend::sandboxExists);
  }
}
