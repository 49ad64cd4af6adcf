package io.crossnet.linux.link;

import io.crossnet.linux.netlink.Attributes;
import io.crossnet.linux.netlink.IfLink;
import io.crossnet.linux.netlink.NetlinkMessage;
import java.util.HexFormat;

/**
 * A network interface as the kernel reports it. {@code kind} is the IFLA_INFO_KIND ({@code bridge},
 * {@code veth}; null for devices without one, such as {@code lo}); {@code alias} carries crossnet's
 * ownership mark; {@code master} is the index of the bridge the link is enslaved to, 0 if none;
 * {@code mac} is lower-case colon-separated, null for devices without a hardware address.
 */
public record Link(int index, String name, String kind, String alias, int master, int mtu, int flags, String mac) {

  public boolean isUp() {
    return (flags & IfLink.IFF_UP) != 0;
  }

  /** Parses an RTM_NEWLINK message (a reply to RTM_GETLINK or one entry of a dump). */
  public static Link of(NetlinkMessage m) {
    int index = m.i32(4);
    int flags = m.i32(8);
    Attributes a = m.attributes(IfLink.IFINFOMSG_LEN);
    byte[] hw = a.bytes(IfLink.IFLA_ADDRESS);
    String mac = hw == null || hw.length == 0 ? null : HexFormat.of().withDelimiter(":").formatHex(hw);
    String kind = a.nested(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND);
    return new Link(index, a.string(IfLink.IFLA_IFNAME), kind, a.string(IfLink.IFLA_IFALIAS),
        a.u32(IfLink.IFLA_MASTER, 0), a.u32(IfLink.IFLA_MTU, 0), flags, mac);
  }

  /** {@code 02:42:ac:11:00:02} as six bytes; anything else is an {@link IllegalArgumentException}. */
  public static byte[] macBytes(String mac) {
    if (mac == null || mac.length() != 17) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    return HexFormat.of().withDelimiter(":").parseHex(mac);
  }
}
