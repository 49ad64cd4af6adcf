package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.Subnet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable records of one network. Every change builds a new instance (copy-on-write), so a
 * reader holding one sees a consistent network while writers carry on. Building is linear in the
 * network's endpoints, which is cheap next to the attach that triggers it.
 */
record NetworkIndex(
    String id,
    String domain,
    List<IpPrefix> subnets,
    List<IpAddress> servers,
    Map<String, DiscoveryEntry> byEndpoint,
    Map<String, List<DiscoveryEntry>> byName,
    Map<IpAddress, DiscoveryEntry> byAddress) {

  static NetworkIndex of(Network n, Map<String, DiscoveryEntry> endpoints) {
    List<IpPrefix> subnets = new ArrayList<>();
    for (Subnet s : n.subnets()) {
      subnets.add(s.subnet());
    }
    return build(n.id(), DiscoveryOptions.domain(n), List.copyOf(subnets), DiscoveryOptions.servers(n), endpoints);
  }

  /** A network known only through its endpoints (an endpoint put before its network). */
  static NetworkIndex bare(String networkId) {
    return build(networkId, null, List.of(), List.of(), Map.of());
  }

  NetworkIndex withNetwork(Network n) {
    return of(n, byEndpoint);
  }

  NetworkIndex with(DiscoveryEntry e) {
    Map<String, DiscoveryEntry> m = new LinkedHashMap<>(byEndpoint);
    m.put(e.endpointId(), e);
    return build(id, domain, subnets, servers, m);
  }

  NetworkIndex without(String endpointId) {
    if (!byEndpoint.containsKey(endpointId)) {
      return this;
    }
    Map<String, DiscoveryEntry> m = new LinkedHashMap<>(byEndpoint);
    m.remove(endpointId);
    return build(id, domain, subnets, servers, m);
  }

  /** The name relative to this network: {@code web.dom} and {@code web} both give {@code web}. */
  String relative(String lowerName) {
    if (domain != null && lowerName.length() > domain.length() + 1 && lowerName.endsWith(domain)
        && lowerName.charAt(lowerName.length() - domain.length() - 1) == '.') {
      return lowerName.substring(0, lowerName.length() - domain.length() - 1);
    }
    return lowerName;
  }

  /** Whether the name lies under this network's domain, so that no upstream can know it better. */
  boolean owns(String lowerName) {
    return domain != null && (lowerName.equals(domain) || lowerName.endsWith("." + domain));
  }

  boolean covers(IpAddress a) {
    for (IpPrefix p : subnets) {
      if (p.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** The name a PTR answer gives for an entry: its name, qualified by the domain when there is one. */
  String hostName(DiscoveryEntry e) {
    return domain == null ? e.name() : e.name() + "." + domain;
  }

  private static NetworkIndex build(String id, String domain, List<IpPrefix> subnets, List<IpAddress> servers,
      Map<String, DiscoveryEntry> endpoints) {
    Map<String, List<DiscoveryEntry>> byName = new HashMap<>();
    Map<IpAddress, DiscoveryEntry> byAddress = new HashMap<>();
    for (DiscoveryEntry e : endpoints.values()) {
      for (String name : e.names()) {
        byName.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e);
      }
      for (IpAddress a : e.addresses()) {
        byAddress.put(a, e);
      }
    }
    byName.replaceAll((k, v) -> List.copyOf(v));
    return new NetworkIndex(id, domain, subnets, servers, Collections.unmodifiableMap(new LinkedHashMap<>(endpoints)),
        Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byAddress));
  }
}
