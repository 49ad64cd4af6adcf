package io.crossnet.linux.addr;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.netlink.Attributes;
import io.crossnet.linux.netlink.IfAddr;
import io.crossnet.linux.netlink.NetlinkMessage;

/**
 * An interface address: the link's index, the address with its prefix length, IFA_F_* flags,
 * scope, and the IPv4 broadcast address (null when it has none, as {@code ip addr add} without
 * {@code brd} leaves it).
 */
public record Address(int index, IpPrefix prefix, int flags, int scope, IpAddress broadcast) {

  public boolean isV4() {
    return prefix.isV4();
  }

  /** Parses an RTM_NEWADDR message; null when it carries no address crossnet can represent. */
  public static Address of(NetlinkMessage m) {
    int prefixLen = m.u8(1);
    int flags = m.u8(2);
    int scope = m.u8(3);
    int index = m.i32(4);
    Attributes a = m.attributes(IfAddr.IFADDRMSG_LEN);
    // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on point-to-point
    // links and the same as IFA_LOCAL elsewhere, and the only one IPv6 sends
    byte[] raw = a.has(IfAddr.IFA_LOCAL) ? a.bytes(IfAddr.IFA_LOCAL) : a.bytes(IfAddr.IFA_ADDRESS);
    if (raw == null || (raw.length != 4 && raw.length != 16)) {
      return null;
    }
    byte[] brd = a.bytes(IfAddr.IFA_BROADCAST);
    return new Address(index, new IpPrefix(IpAddress.of(raw), prefixLen), a.u32(IfAddr.IFA_FLAGS, flags), scope,
        brd == null || brd.length != 4 ? null : IpAddress.of(brd));
  }
}
