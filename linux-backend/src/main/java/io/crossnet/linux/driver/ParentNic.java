package io.crossnet.linux.driver;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.IfLink;
import io.crossnet.linux.netlink.RtRoute;
import java.util.Optional;

/**
 * Checks of the host NIC a network is built on ({@code options.parent}), shared by the types that
 * use one. A NIC that is a port of some bridge already has its frames taken by that bridge, so
 * neither a second bridge nor a macvlan can use it.
 */
final class ParentNic {
  static final String FIELD = "options.parent";

  private ParentNic() {}

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
    return addresses.list(l.index()).stream().anyMatch(a -> a.scope() != RtRoute.RT_SCOPE_LINK);
  }
}
