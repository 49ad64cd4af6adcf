package io.crossnet.core.flow;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.events.EventSink;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.ports.HostPorts;
import io.crossnet.core.ports.PortRange;
import io.crossnet.core.store.Store;
import java.util.List;

/** The core wired together: one store, one backend, shared per-network locks. */
public final class Crossnet {
  private final Networks networks;
  private final Endpoints endpoints;
  private final NetworkBackend backend;
  private final Store store;
  private final Reconciler reconciler;

  public Crossnet(Store store, NetworkBackend backend, AddressPools pools) {
    this(store, backend, pools, ChangeListener.NONE);
  }

  public Crossnet(Store store, NetworkBackend backend, AddressPools pools, ChangeListener listener) {
    this(store, backend, pools, PortRange.DOCKER_DEFAULT, listener);
  }

  public Crossnet(Store store, NetworkBackend backend, AddressPools pools, PortRange hostPorts, ChangeListener listener) {
    this(store, backend, pools, hostPorts, listener, EventSink.NONE);
  }

  /**
   * {@code listener} hears every committed change (discovery keeps its registry so); {@code events}
   * is told of them too, and of what the reconciler repaired, collected and removed.
   */
  public Crossnet(Store store, NetworkBackend backend, AddressPools pools, PortRange hostPorts, ChangeListener listener,
      EventSink events) {
    NetworkLocks locks = new NetworkLocks();
    ChangeListener both = Listeners.all(List.of(listener, new ChangeEvents(events)));
    this.store = store;
    this.backend = backend;
    this.networks = new Networks(store, backend, pools, locks, both);
    this.endpoints = new Endpoints(store, backend, networks, locks, new HostPorts(hostPorts), both);
    this.reconciler = new Reconciler(store, backend, networks, endpoints, locks, events);
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public Networks networks() {
    return networks;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public NetworkBackend backend() {
    return backend;
  }

  public Store store() {
    return store;
  }
}
