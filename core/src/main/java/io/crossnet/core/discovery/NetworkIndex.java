package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.Subnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records of one network, changed in place: adding or removing an endpoint touches only its
 * own names and addresses, so the cost of an attach does not grow with the network. Readers
 * need no lock (concurrent maps, immutable lists per name); writers are serialized by
 * {@link DiscoveryRegistry}. A reader may see an endpoint's name a moment before its reverse
 * record, never a torn entry.
 */
final class NetworkIndex {
  /** What the network itself says: its domain, subnets and upstream servers. */
  record Settings(String domain, List<IpPrefix> subnets, List<IpAddress> servers) {
    static final Settings NONE = new Settings(null, List.of(), List.of());

    static Settings of(Network n) {
      List<IpPrefix> subnets = new ArrayList<>();
      for (Subnet s : n.subnets()) {
        subnets.add(s.subnet());
      }
      return new Settings(DiscoveryOptions.domain(n), List.copyOf(subnets), DiscoveryOptions.servers(n));
    }
  }

  private static final Comparator<DiscoveryEntry> BY_NAME = Comparator
      .comparing(DiscoveryEntry::name, Comparator.nullsLast(Comparator.<String>naturalOrder()))
      .thenComparing(DiscoveryEntry::endpointId);

  private final String id;
  private volatile Settings settings;
  private final Map<String, DiscoveryEntry> byEndpoint = new ConcurrentHashMap<>();
  private final Map<String, List<DiscoveryEntry>> byName = new ConcurrentHashMap<>();
  private final Map<IpAddress, DiscoveryEntry> byAddress = new ConcurrentHashMap<>();

  NetworkIndex(String id, Settings settings) {
    this.id = id;
    this.settings = settings;
  }

  String id() {
    return id;
  }

  Settings settings() {
    return settings;
  }

  void settings(Settings s) {
    settings = s;
  }

  /** Adds the entry, replacing an earlier one of the same endpoint. Callers serialize writes. */
  void put(DiscoveryEntry e) {
    remove(e.endpointId());
    byEndpoint.put(e.endpointId(), e);
    for (String name : e.names()) {
      byName.merge(name, List.of(e), (old, one) -> {
        List<DiscoveryEntry> l = new ArrayList<>(old.size() + 1);
        l.addAll(old);
        l.add(e);
        return List.copyOf(l);
      });
    }
    for (IpAddress a : e.addresses()) {
      byAddress.put(a, e);
    }
  }

  /** Removes the endpoint's entry, if any. Callers serialize writes. */
  void remove(String endpointId) {
    DiscoveryEntry e = byEndpoint.remove(endpointId);
    if (e == null) {
      return;
    }
    for (String name : e.names()) {
      byName.computeIfPresent(name, (k, old) -> {
        List<DiscoveryEntry> l = new ArrayList<>(old);
        l.removeIf(x -> x.endpointId().equals(endpointId));
        return l.isEmpty() ? null : List.copyOf(l);
      });
    }
    for (IpAddress a : e.addresses()) {
      byAddress.remove(a, e);
    }
  }

  Collection<String> endpointIds() {
    return byEndpoint.keySet();
  }

  /** The entries answering to a name relative to this network; an immutable list, empty when none. */
  List<DiscoveryEntry> named(String relativeName) {
    return byName.getOrDefault(relativeName, List.of());
  }

  DiscoveryEntry at(IpAddress a) {
    return byAddress.get(a);
  }

  /** Every entry, by name then id, for the REST view. */
  List<DiscoveryEntry> entries() {
    List<DiscoveryEntry> out = new ArrayList<>(byEndpoint.values());
    out.sort(BY_NAME);
    return out;
  }

  /** The name relative to this network: {@code web.dom} and {@code web} both give {@code web}. */
  String relative(String lowerName) {
    String domain = settings.domain();
    if (domain != null && lowerName.length() > domain.length() + 1 && lowerName.endsWith(domain)
        && lowerName.charAt(lowerName.length() - domain.length() - 1) == '.') {
      return lowerName.substring(0, lowerName.length() - domain.length() - 1);
    }
    return lowerName;
  }

  /** Whether the name lies under this network's domain, so that no upstream can know it better. */
  boolean owns(String lowerName) {
    String domain = settings.domain();
    return domain != null && (lowerName.equals(domain) || lowerName.endsWith("." + domain));
  }

  boolean covers(IpAddress a) {
    for (IpPrefix p : settings.subnets()) {
      if (p.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The name a PTR answer gives for an entry: its name, qualified by the domain when there is one. */
  String hostName(DiscoveryEntry e) {
    String domain = settings.domain();
    return domain == null ? e.name() : e.name() + "." + domain;
  }
}
