package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.route.Routes;
import io.crossnet.linux.sys.Ipv6Conf;
import io.crossnet.linux.sys.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sandbox side of an attach, the same for every type whose endpoint has an interface of its
 * own: IPv6 off on an IPv4-only network, addresses, {@code lo} and the interface up, and unless
 * the network is internal a default route through the subnet's gateway.
 *
 * <p>A sandbox on several networks has one default route per network, each with a metric from its
 * endpoint's {@code gwPriority}: the kernel uses the lowest metric, so the highest priority carries
 * the default route, and when that endpoint goes its routes go with its interface and the next one
 * takes over without crossnet touching the others. Equal priorities get successive metrics, so the
 * endpoint attached first keeps the default route.
 */
public final class SandboxSetup {
  /** The metric of priority 0; each priority step is {@link #SLOTS} metrics. */
  static final int METRIC_BASE = 20_000;
  /** Metrics per priority, for endpoints of equal priority. */
  static final int SLOTS = 16;

  private SandboxSetup() {}

  /** The default-route metric of the first endpoint with {@code gwPriority}: lower wins, so higher priorities get lower metrics. */
  static int metric(int gwPriority) {
    return METRIC_BASE - SLOTS * gwPriority;
  }

  /**
   * {@code inside} is a netlink socket opened in {@code sandbox}, where the endpoint's interface
   * already is, still down. On a network without IPv6 the interface gets none, as Docker's does
   * (moby 57dd567, advisory GHSA-x84c-p2g9-rqv9): no link-local address, no SLAAC address from a
   * router on a macvlan's LAN, and nothing sent (DAD, MLD reports) that a bridge would flood.
   */
  public static void configure(Network network, Endpoint endpoint, NetNs sandbox, NetlinkSocket inside) {
    configure(network, endpoint, inside, ifname -> Sysctl.disableIpv6(sandbox, ifname));
  }

  /** As above, with IPv6 turned off through the sandbox's directory opened beforehand: no entry into the namespace. */
  public static void configure(Network network, Endpoint endpoint, Ipv6Conf sandboxConf, NetlinkSocket inside) {
    configure(network, endpoint, inside, sandboxConf::disable);
  }

  private static void configure(Network network, Endpoint endpoint, NetlinkSocket inside, Consumer<String> disableIpv6) {
    Links sl = new Links(inside);
    Routes sr = new Routes(inside);
    String ifname = endpoint.interfaceName();
    int index = sl.require(ifname).index();
    if (network.v6().isEmpty()) {
      disableIpv6.accept(ifname);
    }
    // one round trip: the interface is brand new, so its address list is empty (no EEXIST to expect)
    List<MessageBuilder> batch = new ArrayList<>();
    if (endpoint.ipv4() != null) {
      batch.add(Addresses.addMessage(index, endpoint.ipv4(), false));
    }
    if (endpoint.ipv6() != null) {
      batch.add(Addresses.addMessage(index, endpoint.ipv6(), true));
    }
    batch.add(Links.upMessage("lo"));
    batch.add(Links.upMessage(ifname));
    inside.executeAll("configure " + ifname, batch);
    if (network.internal()) {
      return;
    }
    if (endpoint.ipv4() != null && endpoint.gateway4() != null) {
      addDefault(sr, endpoint.gateway4(), index, endpoint.gwPriority());
    }
    if (endpoint.ipv6() != null && endpoint.gateway6() != null) {
      addDefault(sr, endpoint.gateway6(), index, endpoint.gwPriority());
    }
  }

  /** The first free metric of the priority's slots; the interface is new, so a taken one belongs to another network. */
  private static void addDefault(Routes routes, IpAddress gateway, int index, int gwPriority) {
    int metric = metric(gwPriority);
    for (int slot = 0; ; slot++) {
      try {
        routes.addDefault(gateway, index, metric + slot);
        return;
      } catch (BackendFailure e) {
        if (!"EEXIST".equals(e.code()) || slot == SLOTS - 1) {
          throw e;
        }
      }
    }
  }
}
