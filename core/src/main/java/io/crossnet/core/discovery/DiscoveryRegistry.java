package io.crossnet.core.discovery;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per network, the names and addresses of its endpoints. Reads are lock-free: they take the
 * current immutable {@link Snapshot} from an {@link AtomicReference} and never wait for a writer,
 * so a DNS server keeps answering at full speed during a burst of attaches. Writers serialize on
 * this object (cheaper than retrying a compare-and-set whose rebuild is linear) and publish a new
 * snapshot in which only the changed network was rebuilt.
 *
 * <p>The registry indexes whatever it is given; the caller decides which endpoints count (those
 * {@code PENDING} or {@code ACTIVE}), and updates it right after the store transaction that
 * attached or detached, so a detached name is gone for the next query.
 */
public final class DiscoveryRegistry {
  /** Everything the registry knows at one moment. */
  record Snapshot(Map<String, NetworkIndex> networks, Map<String, String> networkOfEndpoint) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());
  }

  private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.EMPTY);

  /** Adds or replaces one endpoint's records; also refreshes the network's domain and servers. */
  public synchronized void put(Network network, Endpoint endpoint) {
    if (!network.id().equals(endpoint.networkId())) {
      throw new IllegalArgumentException("endpoint " + endpoint.id() + " is on network " + endpoint.networkId()
          + ", not " + network.id());
    }
    Snapshot s = current.get();
    Map<String, NetworkIndex> networks = new HashMap<>(s.networks());
    Map<String, String> owners = new HashMap<>(s.networkOfEndpoint());
    String previous = owners.put(endpoint.id(), network.id());
    if (previous != null && !previous.equals(network.id()) && networks.containsKey(previous)) {
      networks.put(previous, networks.get(previous).without(endpoint.id()));
    }
    NetworkIndex n = networks.get(network.id());
    n = n == null ? NetworkIndex.of(network, Map.of()) : n.withNetwork(network);
    networks.put(network.id(), n.with(DiscoveryEntry.of(endpoint)));
    current.set(new Snapshot(Map.copyOf(networks), Map.copyOf(owners)));
  }

  /** Records or refreshes a network's settings (domain, subnets, servers) without touching its endpoints. */
  public synchronized void putNetwork(Network network) {
    Snapshot s = current.get();
    Map<String, NetworkIndex> networks = new HashMap<>(s.networks());
    NetworkIndex n = networks.get(network.id());
    networks.put(network.id(), n == null ? NetworkIndex.of(network, Map.of()) : n.withNetwork(network));
    current.set(new Snapshot(Map.copyOf(networks), s.networkOfEndpoint()));
  }

  /** Forgets one endpoint; nothing happens when it is unknown. */
  public synchronized void remove(Endpoint endpoint) {
    removeEndpoint(endpoint.id());
  }

  public synchronized void removeEndpoint(String endpointId) {
    Snapshot s = current.get();
    String networkId = s.networkOfEndpoint().get(endpointId);
    if (networkId == null) {
      return;
    }
    Map<String, NetworkIndex> networks = new HashMap<>(s.networks());
    Map<String, String> owners = new HashMap<>(s.networkOfEndpoint());
    owners.remove(endpointId);
    NetworkIndex n = networks.get(networkId);
    if (n != null) {
      networks.put(networkId, n.without(endpointId));
    }
    current.set(new Snapshot(Map.copyOf(networks), Map.copyOf(owners)));
  }

  /** Forgets a network and all its endpoints. */
  public synchronized void removeNetwork(String networkId) {
    Snapshot s = current.get();
    NetworkIndex n = s.networks().get(networkId);
    if (n == null) {
      return;
    }
    Map<String, NetworkIndex> networks = new HashMap<>(s.networks());
    networks.remove(networkId);
    Map<String, String> owners = new HashMap<>(s.networkOfEndpoint());
    owners.keySet().removeAll(n.byEndpoint().keySet());
    current.set(new Snapshot(Map.copyOf(networks), Map.copyOf(owners)));
  }

  /**
   * Replaces everything with the given records (at start-up, from the store). Endpoints whose
   * network is not in the list are still indexed, under a network without domain or subnets.
   */
  public synchronized void rebuild(List<Network> networks, List<Endpoint> endpoints) {
    Map<String, Map<String, DiscoveryEntry>> byNetwork = new HashMap<>();
    Map<String, String> owners = new HashMap<>();
    for (Endpoint e : endpoints) {
      byNetwork.computeIfAbsent(e.networkId(), k -> new LinkedHashMap<>()).put(e.id(), DiscoveryEntry.of(e));
      owners.put(e.id(), e.networkId());
    }
    Map<String, NetworkIndex> out = new HashMap<>();
    for (Network n : networks) {
      out.put(n.id(), NetworkIndex.of(n, byNetwork.getOrDefault(n.id(), Map.of())));
    }
    for (Map.Entry<String, Map<String, DiscoveryEntry>> e : byNetwork.entrySet()) {
      if (!out.containsKey(e.getKey())) {
        NetworkIndex n = NetworkIndex.bare(e.getKey());
        for (DiscoveryEntry d : e.getValue().values()) {
          n = n.with(d);
        }
        out.put(e.getKey(), n);
      }
    }
    current.set(new Snapshot(Map.copyOf(out), Map.copyOf(owners)));
  }

  /** The entries answering to {@code name} (any case, trailing dot optional) on the given networks. */
  public List<DiscoveryEntry> entries(Collection<String> networkIds, String name) {
    String q = normalize(name);
    if (q.isEmpty()) {
      return List.of();
    }
    Snapshot s = current.get();
    List<DiscoveryEntry> out = null;
    for (String id : networkIds) {
      NetworkIndex n = s.networks().get(id);
      if (n == null) {
        continue;
      }
      List<DiscoveryEntry> hit = n.byName().get(n.relative(q));
      if (hit == null) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(hit.size());
      }
      out.addAll(hit);
    }
    return out == null ? List.of() : out;
  }

  /** The addresses of {@code family} behind {@code name} on the given networks, without duplicates. */
  public Lookup lookup(Collection<String> networkIds, String name, Family family) {
    List<DiscoveryEntry> hits = entries(networkIds, name);
    if (hits.isEmpty()) {
      return Lookup.UNKNOWN;
    }
    Set<IpAddress> out = new LinkedHashSet<>();
    for (DiscoveryEntry e : hits) {
      for (IpAddress a : e.addresses()) {
        if (family.accepts(a)) {
          out.add(a);
        }
      }
    }
    return new Lookup(true, List.copyOf(out));
  }

  /**
   * The host name for a PTR answer: the endpoint's name, qualified by its network's domain. When
   * several attached networks know the address, the network with the smallest id wins, so the
   * answer does not depend on set iteration order.
   */
  public Optional<String> reverse(Collection<String> networkIds, IpAddress address) {
    Snapshot s = current.get();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = s.networks().get(id);
      if (n == null) {
        continue;
      }
      DiscoveryEntry e = n.byAddress().get(address);
      if (e != null) {
        return Optional.of(n.hostName(e));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code name} is under the domain of one of the networks: crossnet is authoritative there. */
  public boolean owns(Collection<String> networkIds, String name) {
    String q = normalize(name);
    Snapshot s = current.get();
    for (String id : networkIds) {
      NetworkIndex n = s.networks().get(id);
      if (n != null && n.owns(q)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the address lies in a subnet of one of the networks (its reverse name is then ours). */
  public boolean covers(Collection<String> networkIds, IpAddress address) {
    Snapshot s = current.get();
    for (String id : networkIds) {
      NetworkIndex n = s.networks().get(id);
      if (n != null && n.covers(address)) {
        return true;
      }
    }
    return false;
  }

  /** The per-network upstream servers of the first network (by id) that sets any; empty for the host's. */
  public List<IpAddress> servers(Collection<String> networkIds) {
    Snapshot s = current.get();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = s.networks().get(id);
      if (n != null && !n.servers().isEmpty()) {
        return n.servers();
      }
    }
    return List.of();
  }

  /** The domains of the given networks that set one, for the search line of a sandbox's resolv.conf. */
  public List<String> domains(Collection<String> networkIds) {
    Snapshot s = current.get();
    List<String> out = new ArrayList<>();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = s.networks().get(id);
      if (n != null && n.domain() != null && !out.contains(n.domain())) {
        out.add(n.domain());
      }
    }
    return out;
  }

  /** All entries of one network, for the REST view. */
  public List<DiscoveryEntry> entries(String networkId) {
    NetworkIndex n = current.get().networks().get(networkId);
    return n == null ? List.of() : List.copyOf(n.byEndpoint().values());
  }

  Snapshot snapshot() {
    return current.get();
  }

  static String normalize(String name) {
    if (name == null) {
      return "";
    }
    String q = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return q.toLowerCase(Locale.ROOT);
  }

  private static Collection<String> sorted(Collection<String> ids) {
    return ids.size() <= 1 ? ids : new TreeSet<>(ids);
  }
}
