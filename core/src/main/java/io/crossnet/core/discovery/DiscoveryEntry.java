package io.crossnet.core.discovery;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What discovery knows about one endpoint: its name, aliases and addresses. {@code names} holds
 * the name and aliases lower-cased, since DNS names compare case-insensitively; {@code name}
 * keeps the spelling the user chose, for PTR answers and the REST view.
 */
public record DiscoveryEntry(
    String endpointId, String networkId, String name, List<String> aliases, IpAddress v4, IpAddress v6) {

  public DiscoveryEntry {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }

  public static DiscoveryEntry of(Endpoint e) {
    return new DiscoveryEntry(e.id(), e.networkId(), e.name(), e.aliases(),
        e.ipv4() == null ? null : e.ipv4().address(),
        e.ipv6() == null ? null : e.ipv6().address());
  }

  /** The name and the aliases, lower-cased, without duplicates or blanks. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    if (name != null && !name.isEmpty()) {
      out.add(name.toLowerCase(Locale.ROOT));
    }
    for (String a : aliases) {
      if (a != null && !a.isEmpty()) {
        out.add(a.toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** The addresses present, IPv4 first. */
  public List<IpAddress> addresses() {
    List<IpAddress> out = new ArrayList<>(2);
    if (v4 != null) {
      out.add(v4);
    }
    if (v6 != null) {
      out.add(v6);
    }
    return out;
  }
}
