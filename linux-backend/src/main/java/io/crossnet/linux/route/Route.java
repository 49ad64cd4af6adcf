package io.crossnet.linux.route;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.netlink.Attributes;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkMessage;
import io.crossnet.linux.netlink.RtRoute;

/**
 * A route: destination ({@code 0.0.0.0/0} or {@code ::/0} for a default route), gateway (null
 * when directly connected), output link index (0 when unset), routing table, protocol, scope and
 * type as rtmsg has them, metric (RTA_PRIORITY, 0 when unset) and preferred source (null when unset).
 */
public record Route(IpPrefix destination, IpAddress gateway, int outIndex, int table, int protocol, int scope, int type,
    int metric, IpAddress prefsrc) {

  public boolean isDefault() {
    return destination.length() == 0;
  }

  public boolean isV4() {
    return destination.isV4();
  }

  /** Parses an RTM_NEWROUTE message; null for families other than IPv4 and IPv6. */
  public static Route of(NetlinkMessage m) {
    int family = m.u8(0);
    if (family != Netlink.AF_INET && family != Netlink.AF_INET6) {
      return null;
    }
    int dstLen = m.u8(1);
    Attributes a = m.attributes(RtRoute.RTMSG_LEN);
    byte[] dst = a.bytes(RtRoute.RTA_DST);
    IpAddress d = dst != null ? IpAddress.of(dst) : family == Netlink.AF_INET ? IpAddress.v4(0) : IpAddress.v6(0, 0);
    byte[] gw = a.bytes(RtRoute.RTA_GATEWAY);
    byte[] src = a.bytes(RtRoute.RTA_PREFSRC);
    return new Route(new IpPrefix(d, dstLen), gw == null ? null : IpAddress.of(gw), a.u32(RtRoute.RTA_OIF, 0),
        a.u32(RtRoute.RTA_TABLE, m.u8(4)), m.u8(5), m.u8(6), m.u8(7), a.u32(RtRoute.RTA_PRIORITY, 0),
        src == null ? null : IpAddress.of(src));
  }
}
