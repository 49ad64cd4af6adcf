package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import java.util.function.Consumer;

/**
 * An endpoint that is one link born inside its sandbox on a parent NIC (macvlan, ipvlan): no host
 * object to mark, so the link itself carries the endpoint's mark, and only a link with that mark
 * and the right kind is ever deleted or counted as intact.
 */
final class SandboxLink {
  private SandboxLink() {}

  /**
   * Creates the link with {@code create} (on the host socket, into the sandbox), marks and
   * configures it. A link of ours left by an interrupted attach may lack addresses or routes, so
   * it is made again; an interface of that name that is not ours stays and the attach fails.
   */
  static void attach(Network network, Endpoint endpoint, String kind, Consumer<Endpoint> create) {
    NetNs sandbox = NetNs.at(endpoint.sandbox().path());
    try (NetlinkSocket inside = sandbox.run(NetlinkSocket::open)) {
      Links sl = new Links(inside);
      try {
        create.accept(endpoint);
      } catch (BackendFailure e) {
        if (!"EEXIST".equals(e.code())) {
          throw e;
        }
        if (!isOurs(sl, endpoint, kind)) {
          throw new BackendFailure(e.operation(), e.code(), "the sandbox already has an interface named " + endpoint.interfaceName(), e);
        }
        sl.delete(endpoint.interfaceName());
        create.accept(endpoint);
      }
      sl.setAlias(endpoint.interfaceName(), NatNames.alias(endpoint.id()));
      SandboxSetup.configure(network, endpoint, sandbox, inside);
    }
  }

  /** Deletes the endpoint's link when it carries the endpoint's mark; a gone sandbox took it already. */
  static void detach(Endpoint endpoint, String kind) {
    NetNs sandbox = NetNs.at(endpoint.sandbox().path());
    if (!sandbox.exists()) {
      return;
    }
    try (NetlinkSocket inside = sandbox.run(NetlinkSocket::open)) {
      Links sl = new Links(inside);
      if (isOurs(sl, endpoint, kind)) {
        sl.delete(endpoint.interfaceName());
      }
    }
  }

  /** Whether the sandbox still has the endpoint's link. */
  static boolean intact(Endpoint endpoint, String kind) {
    try (NetlinkSocket inside = NetNs.at(endpoint.sandbox().path()).run(NetlinkSocket::open)) {
      return isOurs(new Links(inside), endpoint, kind);
    }
  }

  private static boolean isOurs(Links sandboxLinks, Endpoint endpoint, String kind) {
    return sandboxLinks.get(endpoint.interfaceName())
        .filter(l -> NatNames.alias(endpoint.id()).equals(l.alias()) && kind.equals(l.kind()))
        .isPresent();
  }
}
