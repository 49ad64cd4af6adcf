package io.crossnet.service.discovery;

import io.crossnet.core.discovery.DiscoveryEntry;
import io.crossnet.core.discovery.DiscoveryMetrics;
import io.crossnet.core.discovery.DiscoveryRegistry;
import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.core.discovery.SandboxNetworks;
import io.crossnet.core.discovery.Upstreams;
import io.crossnet.core.flow.ChangeListener;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.store.Store;
import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.dns.NetnsResolvConf;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Service discovery as the flows change things: the registry, which networks each sandbox sees,
 * the resolver inside each sandbox ({@code servers}, Linux only) and the resolv.conf of named
 * namespaces ({@code resolvConf}). Either may be null: on Windows HNS answers DNS itself, and
 * an operator may turn both off; the registry and the REST view work regardless.
 */
public final class Discovery implements ChangeListener, AutoCloseable {
  private final DiscoveryRegistry registry;
  private final DiscoveryMetrics metrics;
  private final Upstreams host;
  private final DnsServers servers;
  private final ResolvConfFiles resolvConf;
  private final SandboxNetworks sandboxes = new SandboxNetworks();

  public Discovery(DiscoveryRegistry registry, DiscoveryMetrics metrics, Upstreams host, DnsServers servers,
      NetnsResolvConf resolvConf) {
    this.registry = registry;
    this.metrics = metrics;
    this.host = host;
    this.servers = servers;
    this.resolvConf = resolvConf == null ? null : new ResolvConfFiles(resolvConf);
  }

  /** Loads what the store holds and serves every sandbox that still exists. */
  public void start(Store store, Predicate<SandboxRef> sandboxExists) {
    List<Network> networks = store.read(v -> v.networks());
    Set<String> addressless = networks.stream().filter(n -> !n.type().hasAddresses()).map(Network::id).collect(Collectors.toSet());
    List<Endpoint> endpoints = store.read(v -> v.allEndpoints()).stream()
        .filter(e -> e.state() != LifecycleState.DELETING && !addressless.contains(e.networkId()))
        .toList();
    registry.rebuild(networks, endpoints);
    sandboxes.clear();
    for (Endpoint e : endpoints) {
      sandboxes.add(e.sandbox().key(), e.networkId());
    }
    for (Endpoint e : endpoints) {
      if (sandboxExists.test(e.sandbox())) {
        serve(e.sandbox(), null);
      }
    }
  }

  @Override
  public void networkCreated(Network network) {
    registry.putNetwork(network);
  }

  @Override
  public void networkDeleted(Network network) {
    registry.removeNetwork(network.id());
  }

  /** Starts the sandbox's resolv.conf as it will be with this network, while the backend works. */
  @Override
  public void endpointPlanned(Network network, Endpoint endpoint) {
    SandboxRef sandbox = endpoint.sandbox();
    if (!network.type().hasAddresses() || resolvConf == null || servers == null || sandbox.netnsName() == null) {
      return;
    }
    Set<String> networks = new java.util.HashSet<>(sandboxes.networks(sandbox.key()));
    networks.add(network.id());
    resolvConf.prepare(endpoint.id(), sandbox.netnsName(), DnsSettings.forSandbox(registry.domains(networks), host.conf()));
  }

  @Override
  public void endpointAbandoned(Network network, Endpoint endpoint) {
    if (resolvConf != null) {
      resolvConf.abandon(endpoint.id(), !sandboxes.networks(endpoint.sandbox().key()).isEmpty());
    }
  }

  @Override
  public void endpointAttached(Network network, Endpoint endpoint) {
    if (!network.type().hasAddresses()) {
      // no address to name, and a host network's sandbox is the host itself, where 127.0.0.11 is not crossnet's
      return;
    }
    registry.put(network, endpoint);
    sandboxes.add(endpoint.sandbox().key(), network.id());
    serve(endpoint.sandbox(), endpoint.id());
  }

  @Override
  public void endpointDetached(Network network, Endpoint endpoint) {
    if (!network.type().hasAddresses()) {
      return;
    }
    registry.remove(endpoint);
    SandboxRef sandbox = endpoint.sandbox();
    if (!sandboxes.remove(sandbox.key(), network.id())) {
      writeResolvConf(sandbox, null);
      return;
    }
    if (servers != null) {
      servers.release(sandbox.path());
    }
    if (resolvConf != null && sandbox.netnsName() != null) {
      resolvConf.remove(sandbox.netnsName());
    }
  }

  /** What the sandbox's resolv.conf should say; null where crossnet runs no resolver (Windows). */
  public DnsSettings settings(SandboxRef sandbox) {
    if (servers == null) {
      return null;
    }
    return DnsSettings.forSandbox(registry.domains(sandboxes.networks(sandbox.key())), host.conf());
  }

  /** The network's entries answering to {@code name}, or all of them when it is null. */
  public List<DiscoveryEntry> entries(String networkId, String name) {
    return name == null ? registry.entries(networkId) : registry.entries(Set.of(networkId), name);
  }

  public DiscoveryMetrics metrics() {
    return metrics;
  }

  /** The sandboxes' resolvers, or null where crossnet runs none (Windows, or turned off). */
  public DnsServers servers() {
    return servers;
  }

  /** Sandboxes with a running resolver. */
  public int served() {
    return servers == null ? 0 : servers.sandboxes().size();
  }

  /** Serves the sandbox's resolver and writes its resolv.conf; {@code endpointId}: the attach that asked, if any. */
  private void serve(SandboxRef sandbox, String endpointId) {
    if (servers != null) {
      String key = sandbox.key();
      servers.ensure(sandbox.path(), () -> sandboxes.networks(key));
    }
    writeResolvConf(sandbox, endpointId);
  }

  private void writeResolvConf(SandboxRef sandbox, String endpointId) {
    if (resolvConf != null && servers != null && sandbox.netnsName() != null) {
      resolvConf.write(endpointId, sandbox.netnsName(), settings(sandbox));
    }
  }

  @Override
  public void close() {
    if (servers != null) {
      servers.close();
    }
    if (resolvConf != null) {
      resolvConf.close();
    }
  }
}
