package io.crossnet.linux.nat;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;

/**
 * The options a nat or bridge network reads, with their defaults. {@link #check} repeats the
 * core's checks on the options this driver uses, because values reach the kernel from here.
 */
public record NatOptions(int mtu, boolean masquerade, boolean icc) {
  public static final int DEFAULT_MTU = 1500;
  /** IPv6 needs every link to carry at least this much (RFC 8200). */
  public static final int IPV6_MIN_MTU = 1280;

  /**
   * Masquerade is on by default for {@code nat} only: a {@code bridge} network is routed without
   * NAT unless it asks for it, and an {@code internal} network has no way out to masquerade.
   * {@code icc} (endpoints of the network reach each other) is on unless set to {@code false}.
   */
  public static NatOptions of(Network network) {
    String mtu = network.option("mtu", null);
    String masqueradeDefault = network.type() == NetworkType.NAT ? "true" : "false";
    boolean masquerade = !network.internal() && "true".equals(network.option("masquerade", masqueradeDefault));
    boolean icc = !"false".equals(network.option("icc", "true"));
    return new NatOptions(mtu == null ? DEFAULT_MTU : Integer.parseInt(mtu), masquerade, icc);
  }

  /** Adds every problem with the network's options to {@code errors}. */
  public static void check(Network network, FieldErrors errors) {
    String bridge = network.options().get("bridgeName");
    if (bridge != null && (!Names.INTERFACE.matcher(bridge).matches() || bridge.equals("lo"))) {
      errors.add("options.bridgeName", "must be a Linux interface name other than lo: 1-15 of letters, digits, '_', '.', '-' (got '"
          + Names.printable(bridge) + "')");
    }
    String mtu = network.options().get("mtu");
    if (mtu != null) {
      int min = network.v6().isPresent() ? IPV6_MIN_MTU : 68;
      boolean digits = !mtu.isEmpty() && mtu.length() <= 5 && mtu.chars().allMatch(Character::isDigit);
      if (!digits || Integer.parseInt(mtu) < min || Integer.parseInt(mtu) > 65535) {
        errors.add("options.mtu", "must be a whole number from " + min + " to 65535" + (min > 68 ? " on a network with IPv6" : "")
            + " (got '" + Names.printable(mtu) + "')");
      }
    }
    for (String flag : new String[] {"masquerade", "icc"}) {
      String value = network.options().get(flag);
      if (value != null && !value.equals("true") && !value.equals("false")) {
        errors.add("options." + flag, "must be true or false (got '" + Names.printable(value) + "')");
      }
    }
  }
}
