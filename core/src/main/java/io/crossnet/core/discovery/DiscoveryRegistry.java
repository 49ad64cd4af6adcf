package io.crossnet.core.discovery;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per network, the names and addresses of its endpoints. Reads take no lock and never wait for a
 * writer, so a DNS server keeps answering at full speed during a burst of attaches. Writers
 * serialize on this object and change only what the change touches (see {@link NetworkIndex}),
 * so an attach costs the same on the first endpoint and the ten-thousandth.
 *
 * <p>The registry indexes whatever it is given; the caller decides which endpoints count (those
 * {@code PENDING} or {@code ACTIVE}), and updates it right after the store transaction that
 * attached or detached, so a detached name is gone for the next query.
 */
public final class DiscoveryRegistry {
  /** Everything the registry knows; replaced whole only by {@link #rebuild}. */
  private record State(Map<String, NetworkIndex> networks, Map<String, String> networkOfEndpoint) {
    static State empty() {
      return new State(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  private volatile State state = State.empty();

  /** Adds or replaces one endpoint's records; also refreshes the network's domain and servers. */
  public synchronized void put(Network network, Endpoint endpoint) {
    if (!network.id().equals(endpoint.networkId())) {
      throw new IllegalArgumentException("endpoint " + endpoint.id() + " is on network " + endpoint.networkId()
          + ", not " + network.id());
    }
    State s = state;
    String previous = s.networkOfEndpoint().put(endpoint.id(), network.id());
    if (previous != null && !previous.equals(network.id())) {
      NetworkIndex old = s.networks().get(previous);
      if (old != null) {
        old.remove(endpoint.id());
      }
    }
    index(s, network).put(DiscoveryEntry.of(endpoint));
  }

  /** Records or refreshes a network's settings (domain, subnets, servers) without touching its endpoints. */
  public synchronized void putNetwork(Network network) {
    index(state, network);
  }

  private static NetworkIndex index(State s, Network network) {
    NetworkIndex.Settings settings = NetworkIndex.Settings.of(network);
    NetworkIndex n = s.networks().computeIfAbsent(network.id(), id -> new NetworkIndex(id, settings));
    if (!n.settings().equals(settings)) {
      n.settings(settings);
    }
    return n;
  }

  /** Forgets one endpoint; nothing happens when it is unknown. */
  public synchronized void remove(Endpoint endpoint) {
    removeEndpoint(endpoint.id());
  }

  public synchronized void removeEndpoint(String endpointId) {
    State s = state;
    String networkId = s.networkOfEndpoint().remove(endpointId);
    if (networkId == null) {
      return;
    }
    NetworkIndex n = s.networks().get(networkId);
    if (n != null) {
      n.remove(endpointId);
    }
  }

  /** Forgets a network and all its endpoints. */
  public synchronized void removeNetwork(String networkId) {
    State s = state;
    NetworkIndex n = s.networks().remove(networkId);
    if (n != null) {
      n.endpointIds().forEach(s.networkOfEndpoint()::remove);
    }
  }

  /**
   * Replaces everything with the given records (at start-up, from the store). Endpoints whose
   * network is not in the list are still indexed, under a network without domain or subnets.
   */
  public synchronized void rebuild(List<Network> networks, List<Endpoint> endpoints) {
    State s = State.empty();
    for (Network n : networks) {
      index(s, n);
    }
    for (Endpoint e : endpoints) {
      s.networkOfEndpoint().put(e.id(), e.networkId());
      s.networks().computeIfAbsent(e.networkId(), id -> new NetworkIndex(id, NetworkIndex.Settings.NONE))
          .put(DiscoveryEntry.of(e));
    }
    state = s;
  }

  /** How many endpoints the registry knows, on all networks. */
  int size() {
    return state.networkOfEndpoint().size();
  }

  /** The entries answering to {@code name} (any case, trailing dot optional) on the given networks. */
  public List<DiscoveryEntry> entries(Collection<String> networkIds, String name) {
    String q = normalize(name);
    if (q.isEmpty()) {
      return List.of();
    }
    Map<String, NetworkIndex> networks = state.networks();
    List<DiscoveryEntry> out = null;
    for (String id : networkIds) {
      NetworkIndex n = networks.get(id);
      if (n == null) {
        continue;
      }
      List<DiscoveryEntry> hit = n.named(n.relative(q));
      if (hit.isEmpty()) {
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
    Map<String, NetworkIndex> networks = state.networks();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = networks.get(id);
      if (n == null) {
        continue;
      }
      DiscoveryEntry e = n.at(address);
      if (e != null) {
        return Optional.of(n.hostName(e));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code name} is under the domain of one of the networks: crossnet is authoritative there. */
  public boolean owns(Collection<String> networkIds, String name) {
    String q = normalize(name);
    Map<String, NetworkIndex> networks = state.networks();
    for (String id : networkIds) {
      NetworkIndex n = networks.get(id);
      if (n != null && n.owns(q)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the address lies in a subnet of one of the networks (its reverse name is then ours). */
  public boolean covers(Collection<String> networkIds, IpAddress address) {
    Map<String, NetworkIndex> networks = state.networks();
    for (String id : networkIds) {
      NetworkIndex n = networks.get(id);
      if (n != null && n.covers(address)) {
        return true;
      }
    }
    return false;
  }

  /** The per-network upstream servers of the first network (by id) that sets any; empty for the host's. */
  public List<IpAddress> servers(Collection<String> networkIds) {
    Map<String, NetworkIndex> networks = state.networks();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = networks.get(id);
      if (n != null && !n.settings().servers().isEmpty()) {
        return n.settings().servers();
      }
    }
    return List.of();
  }

  /** The domains of the given networks that set one, for the search line of a sandbox's resolv.conf. */
  public List<String> domains(Collection<String> networkIds) {
    Map<String, NetworkIndex> networks = state.networks();
    List<String> out = new ArrayList<>();
    for (String id : sorted(networkIds)) {
      NetworkIndex n = networks.get(id);
      String domain = n == null ? null : n.settings().domain();
      if (domain != null && !out.contains(domain)) {
        out.add(domain);
      }
    }
    return out;
  }

  /** All entries of one network, by name then id, for the REST view. */
  public List<DiscoveryEntry> entries(String networkId) {
    NetworkIndex n = state.networks().get(networkId);
    return n == null ? List.of() : n.entries();
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
