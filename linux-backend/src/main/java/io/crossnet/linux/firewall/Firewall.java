package io.crossnet.linux.firewall;

import io.crossnet.core.backend.OwnedObject;
import java.util.List;

/**
 * The packet-filter side of the Linux backend (like netavark's {@code FirewallDriver}): crossnet's
 * own table or chains in the host namespace, never anyone else's. Every call is idempotent.
 */
public interface Firewall extends AutoCloseable {

  /** {@code nftables} or {@code iptables}. */
  String name();

  /** Creates crossnet's table, chains, sets and maps if missing; re-creates them after a flush. */
  void ensureBase();

  /**
   * Adds the network's rules: forwarding for its bridge, masquerade for its subnets when asked,
   * confinement when internal, no bridged traffic between its endpoints when icc is off. Computed
   * from {@code network} alone: the cost does not depend on what else is installed.
   */
  void addNetwork(FirewallNetwork network);

  /**
   * For the reconciler: re-creates the base and whatever of the network the kernel lost, from a
   * listing of what is there (so it costs more than {@link #addNetwork}); returns whether
   * anything of the network was missing.
   */
  boolean repairNetwork(FirewallNetwork network);

  /** Removes everything {@link #addNetwork} added for this network; absent elements are fine. */
  void removeNetwork(FirewallNetwork network);

  /**
   * Publishes the endpoint's ports: DNAT from the host's addresses (and from localhost and other
   * sandboxes, hairpin) to the endpoint. Idempotent; the elements are owned by the endpoint.
   */
  void addPorts(FirewallPorts ports);

  /** Removes everything {@link #addPorts} added for the endpoint; absent elements are fine. */
  void removePorts(FirewallPorts ports);

  /** Removes every element owned by {@code ownerId} (a network or endpoint id), whatever it is. */
  void removeOwner(String ownerId);

  /** Every element crossnet owns (for the reconciler and for leak checks in tests). */
  List<OwnedObject> listOwned();

  @Override
  void close();
}
