package io.crossnet.core.model;

import io.crossnet.core.error.InvalidRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The network types of the API (the {@code driver} field); see the table in docs/design.md. */
public enum NetworkType {
  NAT,
  BRIDGE,
  TRANSPARENT,
  MACVLAN,
  L2BRIDGE,
  OVERLAY,
  /** The sandbox shares the host's network stack: an endpoint record, no interface, no addresses. */
  HOST,
  /** The sandbox has its loopback and nothing else: an endpoint record, no addresses. */
  NONE;

  /**
   * Whether endpoints of this type get an interface with addresses from the network's IPAM;
   * {@code host} and {@code none} exist so orchestrators can use one API for every mode.
   */
  public boolean hasAddresses() {
    return this != HOST && this != NONE;
  }

  /** The name used on the wire: {@code nat}, {@code bridge}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NetworkType parse(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequest(field, "is required; one of " + allNames());
    }
    for (NetworkType t : values()) {
      if (t.wireName().equals(value)) {
        return t;
      }
    }
    throw new InvalidRequest(field, "unknown driver '" + Names.printable(value) + "'; one of " + allNames());
  }

  private static String allNames() {
    return Arrays.stream(values()).map(NetworkType::wireName).collect(Collectors.joining(", "));
  }
}
