package io.crossnet.core.discovery;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which networks each sandbox is on, counted by endpoints (a sandbox may have two interfaces on
 * one network). A DNS server asks on every query which networks its sandbox sees, so reads take
 * no lock: each sandbox's map is immutable and replaced whole on a change.
 */
public final class SandboxNetworks {
  private final ConcurrentHashMap<String, Map<String, Integer>> bySandbox = new ConcurrentHashMap<>();

  /** Counts one more endpoint; true when it is the sandbox's first. */
  public boolean add(String sandboxKey, String networkId) {
    boolean[] first = {false};
    bySandbox.compute(sandboxKey, (k, old) -> {
      first[0] = old == null;
      Map<String, Integer> m = old == null ? new HashMap<>() : new HashMap<>(old);
      m.merge(networkId, 1, Integer::sum);
      return Map.copyOf(m);
    });
    return first[0];
  }

  /** Counts one endpoint less; true when the sandbox has none left (and is forgotten). */
  public boolean remove(String sandboxKey, String networkId) {
    boolean[] last = {false};
    bySandbox.computeIfPresent(sandboxKey, (k, old) -> {
      Map<String, Integer> m = new HashMap<>(old);
      m.computeIfPresent(networkId, (n, c) -> c > 1 ? c - 1 : null);
      last[0] = m.isEmpty();
      return m.isEmpty() ? null : Map.copyOf(m);
    });
    return last[0];
  }

  /** The networks the sandbox is on; empty when it has no endpoint. */
  public Set<String> networks(String sandboxKey) {
    Map<String, Integer> m = bySandbox.get(sandboxKey);
    return m == null ? Set.of() : m.keySet();
  }

  public Set<String> sandboxes() {
    return Set.copyOf(bySandbox.keySet());
  }

  public void clear() {
    bySandbox.clear();
  }
}
