package io.crossnet.linux.driver;

import io.crossnet.core.backend.Capabilities;
import io.crossnet.core.backend.Capabilities.Support;
import io.crossnet.core.model.NetworkType;
import io.crossnet.linux.link.Links;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which network types this host can realize and why not, for {@code /v1/drivers} and for the
 * refusal of a network the host cannot make. Kernel features are asked of the kernel itself
 * ({@link Links#kindSupported}): {@code /sys/module} lists built-in drivers only when they have
 * parameters, so its silence proves nothing.
 */
public final class HostSupport {
  private final Links links;
  private final String firewall;

  /** {@code links} works in the host namespace. */
  public HostSupport(Links links, String firewall) {
    this.links = links;
    this.firewall = firewall;
  }

  public Capabilities capabilities() {
    Map<NetworkType, Support> m = new EnumMap<>(NetworkType.class);
    m.put(NetworkType.NAT, Support.yes("Linux bridge, veth pairs, " + firewall + " masquerade"));
    m.put(NetworkType.BRIDGE, Support.yes("Linux bridge and veth pairs, routed without NAT (or internal); "
        + "optional parent NIC enslaved to the bridge"));
    m.put(NetworkType.MACVLAN, macvlan());
    m.put(NetworkType.TRANSPARENT, Support.yes("Linux bridge that takes over options.parent: the NIC's MAC, addresses and "
        + "routes move to the bridge and back on delete; veth pairs on the bridge"));
    m.put(NetworkType.L2BRIDGE, links.kindSupported("ipvlan")
        ? Support.yes("ipvlan L2 links on options.parent, created inside the sandbox; endpoints share the host's MAC "
            + "on the wire (the host itself cannot reach them through the parent, as with macvlan)")
        : Support.yes("routed veth pairs: host /32 routes and proxy ARP on options.parent, so endpoints share the host's MAC "
            + "on the wire (ipvlan L2 is used where the kernel has it; this one has no ipvlan driver)"));
    m.put(NetworkType.OVERLAY, Support.no("not implemented yet by the linux backend"));
    m.put(NetworkType.HOST, Support.yes("the sandbox is the host's network namespace; the endpoint is a record, no interface"));
    m.put(NetworkType.NONE, Support.yes("the sandbox keeps only its loopback, brought up"));
    return new Capabilities(m);
  }

  private Support macvlan() {
    if (!links.kindSupported("macvlan")) {
      return Support.no("this kernel has no macvlan driver (CONFIG_MACVLAN, module macvlan)");
    }
    String vlan = links.kindSupported("vlan")
        ? "options.vlan adds 802.1q sub-interfaces PARENT.VLAN"
        : "options.vlan is refused: this kernel has no 802.1q VLAN driver (CONFIG_VLAN_8021Q, module 8021q)";
    return Support.yes("macvlan links on options.parent, created inside the sandbox; modes bridge, private, vepa, passthru; "
        + vlan);
  }
}
