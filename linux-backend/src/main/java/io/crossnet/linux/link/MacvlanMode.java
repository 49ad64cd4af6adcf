package io.crossnet.linux.link;

import io.crossnet.linux.netlink.IfLink;
import java.util.Locale;

/** How macvlan links on one parent reach each other ({@code linux/if_link.h} MACVLAN_MODE_*). */
public enum MacvlanMode {
  /** Endpoints on the same parent talk directly, inside the host. */
  BRIDGE(IfLink.MACVLAN_MODE_BRIDGE),
  /** Endpoints on the same parent cannot talk to each other at all. */
  PRIVATE(IfLink.MACVLAN_MODE_PRIVATE),
  /** Everything goes out to the switch, which must hairpin it (802.1Qbg reflective relay). */
  VEPA(IfLink.MACVLAN_MODE_VEPA),
  /** One endpoint takes the parent over entirely (its MAC and promiscuity). */
  PASSTHRU(IfLink.MACVLAN_MODE_PASSTHRU);

  private final int kernelValue;

  MacvlanMode(int kernelValue) {
    this.kernelValue = kernelValue;
  }

  public int kernelValue() {
    return kernelValue;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named by the {@code mode} option (core has checked it); absent means bridge, as in Docker. */
  public static MacvlanMode of(String option) {
    return option == null ? BRIDGE : valueOf(option.toUpperCase(Locale.ROOT));
  }
}
