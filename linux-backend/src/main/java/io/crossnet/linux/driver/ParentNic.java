package io.crossnet.linux.driver;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.Subnet;
import io.crossnet.linux.addr.Address;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.IfLink;
import io.crossnet.linux.netlink.RtRoute;
import java.util.List;
import java.util.Optional;

/**
 * Checks of the host NIC a network is built on ({@code options.parent}), shared by the types that
 * use one. A NIC that is a port of some bridge already has its frames taken by that bridge, so
 * neither a second bridge nor a macvlan can use it.
 */
final class ParentNic {
  static final String FIELD = "options.parent";

  private ParentNic() {}

  /** Adds an error for each of {@code keys} the network sets: options of other types, which this one would silently ignore. */
  static void refuseOptions(Network network, List<String> keys, FieldErrors errors) {
    for (String key : keys) {
      if (network.options().containsKey(key)) {
        errors.add("options." + key, network.type().wireName() + " networks do not use this option");
      }
    }
  }

  /** The parent as the host has it, or empty with the reason added to {@code errors}. */
  static Optional<Link> check(Links links, String parent, FieldErrors errors) {
    Optional<Link> found = links.get(parent);
    if (found.isEmpty()) {
      errors.add(FIELD, "this host has no interface named '" + parent + "'");
      return found;
    }
    Link l = found.get();
    if ((l.flags() & IfLink.IFF_LOOPBACK) != 0) {
      errors.add(FIELD, "'" + parent + "' is the loopback interface");
      return Optional.empty();
    }
    if (NatNames.owner(l.alias()) != null) {
      errors.add(FIELD, "'" + parent + "' is a link crossnet made (" + l.alias() + "), not a host NIC");
      return Optional.empty();
    }
    if (l.master() != 0) {
      String master = links.list().stream().filter(x -> x.index() == l.master()).map(Link::name).findFirst().orElse("#" + l.master());
      errors.add(FIELD, "'" + parent + "' is in use: it is a port of bridge '" + master + "'");
      return Optional.empty();
    }
    return found;
  }

  /** Whether the link holds addresses other than the kernel's own link-local ones. */
  static boolean hasAddresses(Addresses addresses, Link l) {
    return !global(addresses, l.index()).isEmpty();
  }

  /** Addresses of the link other than the kernel's own link-local ones. */
  static List<Address> global(Addresses addresses, int index) {
    return addresses.list(index).stream().filter(a -> a.scope() != RtRoute.RT_SCOPE_LINK).toList();
  }

  /**
   * For types whose endpoints join the NIC's own segment: the network's IPv4 subnet must be the
   * one of an address of the NIC, and an ipRange must keep crossnet's allocations off the rest of
   * the segment (the LAN's DHCP pool, other machines, the host itself).
   */
  static void checkSegment(Addresses addresses, Link nic, Network network, FieldErrors errors) {
    Optional<Subnet> v4 = network.v4();
    if (v4.isEmpty()) {
      return;
    }
    List<IpPrefix> own = global(addresses, nic.index()).stream().map(Address::prefix).filter(IpPrefix::isV4).toList();
    Subnet s = v4.get();
    if (own.stream().noneMatch(p -> p.network().equals(s.subnet()))) {
      errors.add("ipam.config", "the subnet must be the segment of '" + nic.name() + "', which has "
          + (own.isEmpty() ? "no IPv4 address" : own.stream().map(p -> p + " (subnet " + p.network() + ")").toList())
          + " (got " + s.subnet() + ")");
      return;
    }
    if (s.ipRange() == null) {
      errors.add("ipam.config", "a " + network.type().wireName() + " network needs an ipRange: the part of the segment crossnet "
          + "may hand out (outside the LAN's DHCP pool and the host's own " + own + ")");
    } else if (own.stream().anyMatch(p -> s.ipRange().contains(p.address()))) {
      errors.add("ipam.config", "the ipRange " + s.ipRange() + " holds an address of this host (" + own + ")");
    }
  }
}
