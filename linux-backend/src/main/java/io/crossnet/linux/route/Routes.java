package io.crossnet.linux.route;

import io.crossnet.core.model.IpAddress;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.netlink.RtRoute;
import java.util.List;
import java.util.Objects;

/** Route operations in the main table over one netlink socket, one kernel request each. */
public final class Routes {
  private final NetlinkSocket nl;

  public Routes(NetlinkSocket nl) {
    this.nl = nl;
  }

  /** Adds a default route via {@code gateway} out of link {@code outIndex}; an existing one is {@code EEXIST}. */
  public void addDefault(IpAddress gateway, int outIndex) {
    nl.execute("RTM_NEWROUTE default via " + gateway + " dev " + outIndex,
        defaultRoute(Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, gateway, outIndex));
  }

  /**
   * Adds a default route via {@code gateway} out of link {@code outIndex} with metric
   * {@code metric}; one of that family and metric already there is {@code EEXIST}. Equivalent to:
   * {@code ip route add default via GATEWAY dev LINK metric METRIC}.
   */
  public void addDefault(IpAddress gateway, int outIndex, int metric) {
    nl.execute("RTM_NEWROUTE default via " + gateway + " dev " + outIndex + " metric " + metric,
        defaultRoute(Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, gateway, outIndex).u32(RtRoute.RTA_PRIORITY, metric));
  }

  /**
   * Makes the default route of {@code gateway}'s family go via {@code gateway} out of link
   * {@code outIndex}, whether or not one existed: what a retried attach needs.
   */
  public void replaceDefault(IpAddress gateway, int outIndex) {
    nl.execute("RTM_NEWROUTE replace default via " + gateway + " dev " + outIndex,
        defaultRoute(Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, gateway, outIndex));
  }

  /** The routes of one family ({@link Netlink#AF_INET} or {@link Netlink#AF_INET6}) in every table. */
  public List<Route> list(int family) {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_GETROUTE, 0).rtmsg(family, 0, 0, 0, 0, 0);
    return nl.dump("RTM_GETROUTE dump", m).stream()
        .filter(r -> r.type() == Netlink.RTM_NEWROUTE)
        .map(Route::of)
        .filter(Objects::nonNull)
        .filter(r -> r.isV4() == (family == Netlink.AF_INET))
        .toList();
  }

  private static MessageBuilder defaultRoute(int flags, IpAddress gateway, int outIndex) {
    int family = gateway.isV4() ? Netlink.AF_INET : Netlink.AF_INET6;
    return new MessageBuilder(Netlink.RTM_NEWROUTE, flags)
        .rtmsg(family, 0, RtRoute.RT_TABLE_MAIN, RtRoute.RTPROT_BOOT, RtRoute.RT_SCOPE_UNIVERSE, RtRoute.RTN_UNICAST)
        .bytes(RtRoute.RTA_GATEWAY, gateway.toBytes())
        .u32(RtRoute.RTA_OIF, outIndex);
  }
}
