package io.crossnet.linux.route;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
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

  /**
   * Adds a directly connected route to {@code destination} out of link {@code outIndex}; one already
   * there is {@code EEXIST}. Equivalent to: {@code ip route add DST dev LINK scope link}.
   */
  public void addLink(IpPrefix destination, int outIndex) {
    int family = destination.isV4() ? Netlink.AF_INET : Netlink.AF_INET6;
    MessageBuilder m = new MessageBuilder(Netlink.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
        .rtmsg(family, destination.length(), RtRoute.RT_TABLE_MAIN, RtRoute.RTPROT_BOOT, RtRoute.RT_SCOPE_LINK, RtRoute.RTN_UNICAST)
        .bytes(RtRoute.RTA_DST, destination.address().toBytes())
        .u32(RtRoute.RTA_OIF, outIndex);
    nl.execute("RTM_NEWROUTE " + destination + " dev " + outIndex, m);
  }

  /**
   * Adds a copy of {@code route} leaving by link {@code outIndex}: destination, gateway, table,
   * protocol, scope, type, metric and preferred source as listed. Appended, so it may sit beside
   * the original on its old link until that one is deleted. Equivalent to: {@code ip route append
   * DST via GW dev LINK table T proto P scope S metric M src SRC}.
   */
  public void copy(Route route, int outIndex) {
    nl.execute("RTM_NEWROUTE append " + route.destination() + " dev " + outIndex,
        routeMessage(Netlink.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_APPEND, route, outIndex));
  }

  /**
   * Deletes {@code route} as listed (matched on destination, table, metric, gateway and link).
   * Returns false when it was already gone. Equivalent to: {@code ip route del DST via GW dev LINK
   * table T metric M}.
   */
  public boolean delete(Route route) {
    try {
      nl.execute("RTM_DELROUTE " + route.destination() + " dev " + route.outIndex(),
          routeMessage(Netlink.RTM_DELROUTE, 0, route, route.outIndex()));
      return true;
    } catch (BackendFailure e) {
      if ("ESRCH".equals(e.code()) || "ENODEV".equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  private static MessageBuilder routeMessage(int type, int flags, Route r, int outIndex) {
    int family = r.isV4() ? Netlink.AF_INET : Netlink.AF_INET6;
    int table = r.table();
    MessageBuilder m = new MessageBuilder(type, flags)
        .rtmsg(family, r.destination().length(), table < 256 ? table : RtRoute.RT_TABLE_UNSPEC, r.protocol(), r.scope(), r.type());
    if (r.destination().length() > 0) {
      m.bytes(RtRoute.RTA_DST, r.destination().address().toBytes());
    }
    if (r.gateway() != null) {
      m.bytes(RtRoute.RTA_GATEWAY, r.gateway().toBytes());
    }
    if (r.prefsrc() != null) {
      m.bytes(RtRoute.RTA_PREFSRC, r.prefsrc().toBytes());
    }
    if (r.metric() != 0) {
      m.u32(RtRoute.RTA_PRIORITY, r.metric());
    }
    if (table >= 256) {
      m.u32(RtRoute.RTA_TABLE, table);
    }
    return m.u32(RtRoute.RTA_OIF, outIndex);
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
