package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import java.util.List;

/**
 * The result of a name lookup. {@code known} with no addresses is the NODATA case (the name
 * exists, just not with that family); not {@code known} means no endpoint has that name.
 */
public record Lookup(boolean known, List<IpAddress> addresses) {
  static final Lookup UNKNOWN = new Lookup(false, List.of());

  public Lookup {
    addresses = List.copyOf(addresses);
  }
}
