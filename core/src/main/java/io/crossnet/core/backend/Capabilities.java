package io.crossnet.core.backend;

import io.crossnet.core.model.NetworkType;
import java.util.EnumMap;
import java.util.Map;

/** Per network type: whether this host can realize it, and if not, why. */
public record Capabilities(Map<NetworkType, Support> types) {

  public Capabilities {
    types = Map.copyOf(new EnumMap<>(types));
  }

  public Support support(NetworkType type) {
    return types.getOrDefault(type, Support.no("not implemented by this backend"));
  }

  /** {@code detail} is how it is realized when supported, and the reason when not. */
  public record Support(boolean supported, String detail) {
    public static Support yes(String how) {
      return new Support(true, how);
    }

    public static Support no(String why) {
      return new Support(false, why);
    }
  }
}
