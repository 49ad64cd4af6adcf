package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.linux.addr.Address;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatDriver;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.netlink.RtRoute;
import io.crossnet.linux.route.Route;
import io.crossnet.linux.route.Routes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * transparent networks: a bridge takes the parent NIC over, so endpoints (veth pairs on the
 * bridge, as in {@link NatDriver}) sit on the physical segment. The NIC's addresses and routes
 * move to the bridge, which also takes the NIC's MAC, so the LAN sees the host unchanged; on
 * delete they move back and the bridge goes.
 *
 * <p>Nothing is remembered outside the kernel: at every moment each address and route is on the
 * NIC, on the bridge, or (briefly, while it moves) on both, and both directions copy what is on
 * the one side and then remove it there. A move interrupted by a crash is finished by running it
 * again, and the way back restores what the bridge holds.
 */
public final class TransparentDriver implements Driver {
  private static final List<String> NOT_HERE = List.of("bridgeName", "masquerade", "icc", "hostIp", "mode", "vlan", "mtu");

  private final NatDriver veths;
  private final Links links;
  private final Addresses addresses;
  private final Routes routes;

  /** {@code host} is a netlink socket opened in the host namespace, the one {@code veths} uses. */
  public TransparentDriver(NatDriver veths, NetlinkSocket host) {
    this.veths = veths;
    this.links = new Links(host);
    this.addresses = new Addresses(host);
    this.routes = new Routes(host);
  }

  @Override
  public void validate(Network network, FieldErrors errors) {
    ParentNic.refuseOptions(network, NOT_HERE, errors);
    if (network.internal()) {
      errors.add("internal", "a transparent network is the physical segment; it has no inside to close");
    }
    if (network.v6().isPresent()) {
      errors.add("enableIpv6", "transparent networks are IPv4 only for now");
    }
    String parent = network.options().get("parent");
    if (parent == null) {
      errors.add(ParentNic.FIELD, "is required for a transparent network: the host NIC whose segment endpoints join");
      return;
    }
    Optional<Link> nic = ParentNic.check(links, parent, errors);
    nic.ifPresent(l -> ParentNic.checkSegment(addresses, l, network, errors));
  }

  @Override
  public List<String> plan(Network network) {
    return List.of(NatNames.bridge(network));
  }

  @Override
  public List<String> plan(Endpoint endpoint) {
    return veths.plan(endpoint);
  }

  /** Bridge (with the NIC's MAC and MTU), then addresses, the NIC as a port, routes, and last the NIC's own copies go. */
  @Override
  public void createNetwork(Network network) {
    String name = NatNames.bridge(network);
    String parent = network.options().get("parent");
    Link nic = links.require(parent);
    Optional<Link> found = links.get(name);
    if (found.isEmpty()) {
      links.addBridge(name, nic.mtu());
    } else if (!NatNames.alias(network.id()).equals(found.get().alias())) {
      throw new BackendFailure("RTM_NEWLINK bridge " + name, "EEXIST", "'" + name + "' exists and is not this network's");
    }
    links.setAlias(name, NatNames.alias(network.id()));
    Link bridge = links.require(name);
    if (nic.mac() != null && !nic.mac().equals(bridge.mac())) {
      links.setMac(name, nic.mac());
    }
    move(nic, bridge);
    links.setUp(name);
    if (nic.master() != bridge.index()) {
      links.setMaster(parent, bridge.index());
    }
    moveRoutes(nic, bridge);
    removeAddresses(nic);
  }

  /** The NIC leaves the bridge, gets back what the bridge holds, and the bridge goes. */
  @Override
  public void deleteNetwork(Network network) {
    String name = NatNames.bridge(network);
    Optional<Link> found = links.get(name);
    if (found.isEmpty() || !NatNames.alias(network.id()).equals(found.get().alias())) {
      return;
    }
    Link bridge = found.get();
    String parent = network.options().get("parent");
    Optional<Link> nic = links.get(parent);
    if (nic.isPresent()) {
      if (nic.get().master() == bridge.index()) {
        links.setMaster(parent, 0);
      }
      move(bridge, nic.get());
      moveRoutes(bridge, nic.get());
    }
    links.delete(name);
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    veths.attach(network, endpoint);
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {
    veths.detach(network, endpoint);
  }

  /**
   * A missing bridge or a NIC that left it is taken over again (with whatever addresses the NIC
   * has now); without the NIC there is nothing to take over.
   */
  @Override
  public boolean repair(Network network) {
    Optional<Link> nic = links.get(network.options().get("parent"));
    if (nic.isEmpty()) {
      return false;
    }
    Optional<Link> bridge = links.get(NatNames.bridge(network));
    boolean intact = bridge.isPresent() && bridge.get().isUp() && nic.get().master() == bridge.get().index();
    if (!intact) {
      createNetwork(network);
    }
    return !intact;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    return veths.repair(network, endpoint);
  }

  /** Copies the global addresses of {@code from} that {@code to} lacks; they stay on {@code from} until {@link #removeAddresses}. */
  private void move(Link from, Link to) {
    List<IpPrefix> there = global(to.index()).stream().map(Address::prefix).toList();
    for (Address a : global(from.index())) {
      if (!there.contains(a.prefix())) {
        addresses.copy(a, to.index());
      }
    }
  }

  private void removeAddresses(Link l) {
    for (Address a : global(l.index())) {
      addresses.delete(l.index(), a.prefix());
    }
  }

  /**
   * Copies the routes leaving by {@code from} that someone configured (the kernel's own, for the
   * addresses' prefixes, follow the addresses) to {@code to}, then deletes them on {@code from}.
   */
  private void moveRoutes(Link from, Link to) {
    for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
      List<Route> all = routes.list(family);
      List<Route> there = all.stream().filter(r -> r.outIndex() == to.index()).toList();
      for (Route r : all) {
        if (r.outIndex() != from.index() || r.protocol() == RtRoute.RTPROT_KERNEL || r.type() != RtRoute.RTN_UNICAST) {
          continue;
        }
        if (there.stream().noneMatch(t -> same(t, r))) {
          routes.copy(r, to.index());
        }
        routes.delete(r);
      }
    }
  }

  private static boolean same(Route a, Route b) {
    return a.destination().equals(b.destination()) && Objects.equals(a.gateway(), b.gateway()) && a.table() == b.table()
        && a.metric() == b.metric();
  }

  private List<Address> global(int index) {
    return ParentNic.global(addresses, index);
  }
}
