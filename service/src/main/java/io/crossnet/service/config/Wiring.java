package io.crossnet.service.config;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.events.EventHub;
import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.ports.PortRange;
import io.crossnet.core.store.MvStore;
import io.crossnet.core.store.Store;
import io.crossnet.service.discovery.Discovery;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the core from configuration: one store, one backend, one {@link Crossnet}. */
public class Wiring {

  @Produces
  @Singleton
  Store store(CrossnetConfig config) {
    return MvStore.open(config.dataDir());
  }

  void closeStore(@Disposes Store store) {
    store.close();
  }

  @Produces
  @Singleton
  NetworkBackend backend(CrossnetConfig config, Discovery discovery) {
    return Backends.create(config, discovery.servers());
  }

  void closeBackend(@Disposes NetworkBackend backend) {
    if (backend instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // shutting down anyway; the kernel objects stay, which is the point
      }
    }
  }

  @Produces
  @Singleton
  Discovery discovery(CrossnetConfig config) {
    return DiscoveryWiring.create(Backends.kind(config), config.dns());
  }

  void closeDiscovery(@Disposes Discovery discovery) {
    discovery.close();
  }

  @Produces
  @Singleton
  EventHub events(CrossnetConfig config) {
    return new EventHub(config.events().buffer());
  }

  @Produces
  @Singleton
  Crossnet crossnet(Store store, NetworkBackend backend, Discovery discovery, EventHub events, CrossnetConfig config) {
    AddressPools pools = config.addressPools()
        .map(list -> new AddressPools(list.stream().map(AddressPools.PoolSpec::parse).toList()))
        .orElseGet(AddressPools::dockerDefaults);
    return new Crossnet(store, backend, pools, PortRange.parse(config.hostPortRange()), discovery, events);
  }
}
