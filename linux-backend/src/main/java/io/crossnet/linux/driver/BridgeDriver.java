package io.crossnet.linux.driver;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatDriver;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.NetlinkSocket;
import java.util.List;
import java.util.Optional;

/**
 * bridge networks: the bridge, gateways and veth pairs of {@link NatDriver}, which leaves them
 * unmasqueraded (routed: the host forwards, endpoints keep their own addresses) or confined when
 * internal; plus an optional uplink, {@code options.parent}, enslaved to the bridge so endpoints
 * sit on that NIC's segment, and released when the network goes.
 */
public final class BridgeDriver implements Driver {
  private final NatDriver bridges;
  private final Links links;
  private final Addresses addresses;

  /** {@code host} is a netlink socket opened in the host namespace, the one {@code bridges} uses. */
  public BridgeDriver(NatDriver bridges, NetlinkSocket host) {
    this.bridges = bridges;
    this.links = new Links(host);
    this.addresses = new Addresses(host);
  }

  @Override
  public void validate(Network network, FieldErrors errors) {
    bridges.validate(network, errors);
    String parent = network.options().get("parent");
    if (parent == null) {
      return;
    }
    if (network.options().containsKey("mode") || network.options().containsKey("vlan")) {
      errors.add(network.options().containsKey("mode") ? "options.mode" : "options.vlan", "only macvlan networks take this option");
    }
    ParentNic.check(links, parent, errors).ifPresent(l -> {
      if (ParentNic.hasAddresses(addresses, l)) {
        errors.add(ParentNic.FIELD, "'" + parent + "' has IP addresses; a bridge uplink carries none (the bridge holds the gateway): "
            + "remove them, or use driver transparent, which moves them to the bridge");
      }
    });
  }

  @Override
  public List<String> plan(Network network) {
    return bridges.plan(network);
  }

  @Override
  public List<String> plan(Endpoint endpoint) {
    return bridges.plan(endpoint);
  }

  @Override
  public void createNetwork(Network network) {
    bridges.createNetwork(network);
    enslaveParent(network);
  }

  /** Releases the uplink first, so it outlives the bridge as the plain NIC it was. */
  @Override
  public void deleteNetwork(Network network) {
    String parent = network.options().get("parent");
    if (parent != null) {
      Optional<Link> bridge = links.get(NatNames.bridge(network));
      Optional<Link> nic = links.get(parent);
      if (bridge.isPresent() && nic.isPresent() && nic.get().master() == bridge.get().index()) {
        links.setMaster(parent, 0);
      }
    }
    bridges.deleteNetwork(network);
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    bridges.attach(network, endpoint);
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {
    bridges.detach(network, endpoint);
  }

  @Override
  public boolean repair(Network network) {
    boolean repaired = bridges.repair(network);
    return enslaveParent(network) || repaired;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    return bridges.repair(network, endpoint);
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    return bridges.repair(network, endpoint, listed);
  }

  /**
   * Makes the uplink a port of the bridge and up; returns whether it was not already. A NIC that
   * has gone (unplugged, renamed) leaves the network working without its uplink.
   */
  private boolean enslaveParent(Network network) {
    String parent = network.options().get("parent");
    Optional<Link> found = parent == null ? Optional.empty() : links.get(parent);
    if (found.isEmpty()) {
      return false;
    }
    Link bridge = links.require(NatNames.bridge(network));
    Link nic = found.get();
    boolean changed = false;
    if (nic.master() != bridge.index()) {
      links.setMaster(parent, bridge.index());
      changed = true;
    }
    if (!nic.isUp()) {
      links.setUp(parent);
      changed = true;
    }
    return changed;
  }
}
