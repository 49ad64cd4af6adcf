package io.crossnet.linux.nat;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.Network;

/**
 * Names and marks of the kernel objects of nat and bridge networks. Names derive from ids, so a
 * retry after a crash finds what the first attempt created; {@code cn} plus 13 hex digits fills
 * the 15 characters a Linux interface name may have.
 */
public final class NatNames {
  /** The ownership mark's prefix in IFLA_IFALIAS; the id of the owning network or endpoint follows. */
  public static final String ALIAS_PREFIX = "crossnet:";

  private NatNames() {}

  /** The network's bridge: option {@code bridgeName} when given, else {@code cn<13 hex of id>}. */
  public static String bridge(Network network) {
    String chosen = network.options().get("bridgeName");
    return chosen != null && !chosen.isEmpty() ? chosen : defaultBridge(network);
  }

  public static String defaultBridge(Network network) {
    return "cn" + network.id().substring(0, 13);
  }

  /**
   * The bridge's hardware address, derived from the network id: fixed, so it does not follow the
   * lowest port address (which leaves with its endpoint, and the sandboxes' cached gateway
   * address with it), and the same when a repair makes the bridge again.
   */
  public static String bridgeMac(Network network) {
    return Ids.macFor(network.id());
  }

  /**
   * The hardware address of every host end of the network's veth pairs: one for all of them, so
   * the bridge holds one local FDB entry for its ports instead of one per port. Adding a port
   * walks every local entry (the port's promiscuity change, {@code br_fdb_unsync_static}) and
   * removing one walks the whole FDB, so per-port addresses made both grow with the network.
   * Nothing is sent to or from a port's own address: sandboxes reach the gateway at the bridge's.
   * Taken from other digits of the network id than {@link #bridgeMac}.
   */
  public static String portMac(Network network) {
    return Ids.macFor(network.id().substring(12));
  }

  /** The host end of the endpoint's veth pair. */
  public static String hostVeth(Endpoint endpoint) {
    return "cn" + endpoint.id().substring(0, 13);
  }

  /** The {@link io.crossnet.core.backend.OwnedObject} kind of a link that carries crossnet's mark. */
  public static final String LINK_KIND = "link";

  public static String alias(String ownerId) {
    return ALIAS_PREFIX + ownerId;
  }

  /** The owner id in an alias, or null when the alias is not crossnet's mark. */
  public static String owner(String alias) {
    return alias != null && alias.startsWith(ALIAS_PREFIX) ? alias.substring(ALIAS_PREFIX.length()) : null;
  }
}
