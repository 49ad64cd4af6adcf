package io.crossnet.linux.driver;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.route.Routes;

/**
 * The sandbox side of an attach, the same for every type whose endpoint has an interface of its
 * own: addresses, {@code lo} and the interface up, and unless the network is internal a default
 * route through the subnet's gateway.
 */
public final class SandboxSetup {
  private SandboxSetup() {}

  /** {@code inside} is a netlink socket opened in the sandbox, where the endpoint's interface already is. */
  public static void configure(Network network, Endpoint endpoint, NetlinkSocket inside) {
    Links sl = new Links(inside);
    Addresses sa = new Addresses(inside);
    Routes sr = new Routes(inside);
    String ifname = endpoint.interfaceName();
    int index = sl.require(ifname).index();
    // the interface is brand new, so its address list is empty: no EEXIST to expect
    if (endpoint.ipv4() != null) {
      sa.add(index, endpoint.ipv4(), false);
    }
    if (endpoint.ipv6() != null) {
      sa.add(index, endpoint.ipv6(), true);
    }
    sl.setUp("lo");
    sl.setUp(ifname);
    if (network.internal()) {
      return;
    }
    if (endpoint.ipv4() != null && endpoint.gateway4() != null) {
      sr.replaceDefault(endpoint.gateway4(), index);
    }
    if (endpoint.ipv6() != null && endpoint.gateway6() != null) {
      sr.replaceDefault(endpoint.gateway6(), index);
    }
  }
}
