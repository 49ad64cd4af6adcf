package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.link.MacvlanMode;
import io.crossnet.linux.link.VethPeer;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import java.util.List;
import java.util.Optional;

/**
 * macvlan networks: each endpoint is a macvlan link on the parent NIC ({@code options.parent},
 * or its 802.1q sub-interface {@code PARENT.VLAN} with {@code options.vlan}), born inside the
 * sandbox under its final name with its own MAC, so it sits on the parent's segment as a machine
 * of its own. The network itself owns no host object unless crossnet made the VLAN link. As with
 * every macvlan, the host cannot reach its endpoints through the parent (the kernel does not loop
 * frames from a macvlan back to its lower device).
 */
public final class MacvlanDriver implements Driver {
  private static final List<String> NOT_HERE = List.of("bridgeName", "masquerade", "icc", "hostIp");
  private static final String KIND = "macvlan";

  private final Links links;

  /** {@code host} is a netlink socket opened in the host namespace. */
  public MacvlanDriver(NetlinkSocket host) {
    this.links = new Links(host);
  }

  /**
   * Field problems first (400); a VLAN on a kernel without 802.1q is {@link Unsupported} (422),
   * since no request can fix it.
   */
  @Override
  public void validate(Network network, FieldErrors errors) {
    ParentNic.refuseOptions(network, NOT_HERE, errors);
    String parent = network.options().get("parent");
    if (parent == null) {
      errors.add(ParentNic.FIELD, "is required for a macvlan network: the host NIC its endpoints share");
      return;
    }
    Optional<Link> nic = ParentNic.check(links, parent, errors);
    if (nic.isEmpty()) {
      return;
    }
    if (!nic.get().isUp()) {
      errors.add(ParentNic.FIELD, "'" + parent + "' is down; bring it up first");
    }
    String mtu = network.options().get("mtu");
    if (mtu != null && Integer.parseInt(mtu) > nic.get().mtu()) {
      errors.add("options.mtu", "must not exceed the parent's MTU " + nic.get().mtu() + " (got " + mtu + ")");
    }
    String vlan = network.options().get("vlan");
    if (vlan == null) {
      return;
    }
    String name = vlanLink(parent, vlan);
    if (name.length() > 15) {
      errors.add("options.vlan", "the VLAN link '" + name + "' would be longer than the 15 characters of a Linux interface name");
      return;
    }
    Optional<Link> existing = links.get(name);
    if (existing.isPresent() && !"vlan".equals(existing.get().kind())) {
      errors.add("options.vlan", "'" + name + "' exists and is not a VLAN link");
    }
    if (errors.size() == 0 && existing.isEmpty() && !links.kindSupported("vlan")) {
      throw new Unsupported("options.vlan " + vlan + " needs the VLAN link '" + name
          + "', and this kernel has no 802.1q VLAN driver (CONFIG_VLAN_8021Q, module 8021q); create a macvlan network without vlan, "
          + "or load 8021q");
    }
  }

  @Override
  public List<String> plan(Network network) {
    String vlan = network.options().get("vlan");
    return vlan == null ? List.of() : List.of(vlanLink(network.options().get("parent"), vlan));
  }

  @Override
  public List<String> plan(Endpoint endpoint) {
    return List.of(endpoint.interfaceName());
  }

  /** Creates {@code PARENT.VLAN} when asked for and absent, marked as this network's, and brings it up. */
  @Override
  public void createNetwork(Network network) {
    String vlan = network.options().get("vlan");
    if (vlan == null) {
      return;
    }
    String parent = network.options().get("parent");
    String name = vlanLink(parent, vlan);
    if (links.get(name).isEmpty()) {
      Link nic = links.require(parent);
      try {
        links.addVlan(name, nic.index(), Integer.parseInt(vlan), nic.mtu());
      } catch (BackendFailure e) {
        if ("EOPNOTSUPP".equals(e.code())) {
          throw new Unsupported("cannot create VLAN link '" + name + "': this kernel has no 802.1q VLAN driver (module 8021q)");
        }
        throw e;
      }
      links.setAlias(name, NatNames.alias(network.id()));
    }
    links.setUp(name);
  }

  /** Deletes the VLAN link only when this network made it; one that was there before stays. */
  @Override
  public void deleteNetwork(Network network) {
    String vlan = network.options().get("vlan");
    if (vlan == null) {
      return;
    }
    String name = vlanLink(network.options().get("parent"), vlan);
    links.get(name).filter(l -> NatNames.alias(network.id()).equals(l.alias())).ifPresent(l -> links.delete(name));
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    String uplink = uplink(network);
    Link lower = links.get(uplink).orElseThrow(() ->
        new BackendFailure("attach macvlan " + endpoint.interfaceName(), "ENODEV", "the parent '" + uplink + "' is gone"));
    String mtu = network.options().get("mtu");
    MacvlanMode mode = MacvlanMode.of(network.options().get("mode"));
    // passthru takes the parent's MAC; one given here would be written to the parent itself
    String mac = mode == MacvlanMode.PASSTHRU ? null : endpoint.macAddress();
    VethPeer link = new VethPeer(endpoint.interfaceName(), mac, mtu == null ? lower.mtu() : Integer.parseInt(mtu),
        NetNs.at(endpoint.sandbox().path()));
    SandboxLink.attach(network, endpoint, KIND, e -> links.addMacvlan(lower.index(), mode, link));
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {
    SandboxLink.detach(endpoint, KIND);
  }

  @Override
  public boolean repair(Network network) {
    String vlan = network.options().get("vlan");
    if (vlan == null) {
      return false;
    }
    Optional<Link> l = links.get(vlanLink(network.options().get("parent"), vlan));
    boolean intact = l.isPresent() && l.get().isUp();
    if (!intact) {
      createNetwork(network);
    }
    return !intact;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    boolean intact = SandboxLink.intact(endpoint, KIND);
    if (!intact) {
      attach(network, endpoint);
    }
    return !intact;
  }

  /** The link endpoints hang off: the parent, or its VLAN sub-interface. */
  static String uplink(Network network) {
    String parent = network.options().get("parent");
    String vlan = network.options().get("vlan");
    return vlan == null ? parent : vlanLink(parent, vlan);
  }

  static String vlanLink(String parent, String vlan) {
    return parent + "." + vlan;
  }
}
