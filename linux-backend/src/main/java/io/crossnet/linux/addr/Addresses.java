package io.crossnet.linux.addr;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.netlink.IfAddr;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.netlink.RtRoute;
import java.util.List;
import java.util.Objects;

/** Address operations over one netlink socket, one kernel request each. */
public final class Addresses {
  private final NetlinkSocket nl;

  public Addresses(NetlinkSocket nl) {
    this.nl = nl;
  }

  /**
   * Adds {@code address} (e.g. {@code 10.50.0.2/24}) to the link with index {@code index};
   * an address already there is {@code EEXIST}. {@code noDad} skips IPv6 duplicate address
   * detection, which crossnet's own allocations do not need and which would keep the address
   * unusable for a second or more. An IPv4 address gets its subnet's broadcast address, as
   * {@code ip addr add ... brd +} gives it.
   */
  public void add(int index, IpPrefix address, boolean noDad) {
    nl.execute("RTM_NEWADDR " + address + " dev " + index, addMessage(index, address, noDad));
  }

  /** The RTM_NEWADDR request of {@link #add}, for a batch ({@link NetlinkSocket#executeAll}). */
  public static MessageBuilder addMessage(int index, IpPrefix address, boolean noDad) {
    int family = address.isV4() ? Netlink.AF_INET : Netlink.AF_INET6;
    int flags = noDad && !address.isV4() ? IfAddr.IFA_F_NODAD : 0;
    byte[] raw = address.address().toBytes();
    MessageBuilder m = new MessageBuilder(Netlink.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
        .ifaddrmsg(family, address.length(), flags, RtRoute.RT_SCOPE_UNIVERSE, index)
        .bytes(IfAddr.IFA_LOCAL, raw)
        .bytes(IfAddr.IFA_ADDRESS, raw);
    if (address.isV4() && address.length() < 31) {
      // the kernel derives no broadcast address (ip needs 'brd +'); without one the subnet's
      // broadcast is not a local broadcast here and is sent as unicast. /31 and /32 have none.
      m.bytes(IfAddr.IFA_BROADCAST, address.last().toBytes());
    }
    if (flags != 0) {
      m.u32(IfAddr.IFA_FLAGS, flags);
    }
    return m;
  }

  /**
   * Gives the link with index {@code index} a copy of {@code address} as listed elsewhere: prefix,
   * scope, permanent flags and broadcast as they were, so moving an address and back leaves it as
   * it was. One already there is {@code EEXIST}. Equivalent to: {@code ip addr add PREFIX [brd
   * BRD] scope SCOPE dev LINK}.
   */
  public void copy(Address address, int index) {
    IpPrefix p = address.prefix();
    byte[] raw = p.address().toBytes();
    // the kernel sets TENTATIVE/DEPRECATED itself; only what a user chooses is carried
    int flags = address.flags() & (IfAddr.IFA_F_NODAD | IfAddr.IFA_F_NOPREFIXROUTE);
    MessageBuilder m = new MessageBuilder(Netlink.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
        .ifaddrmsg(p.isV4() ? Netlink.AF_INET : Netlink.AF_INET6, p.length(), flags & 0xff, address.scope(), index)
        .bytes(IfAddr.IFA_LOCAL, raw)
        .bytes(IfAddr.IFA_ADDRESS, raw);
    if (address.broadcast() != null) {
      m.bytes(IfAddr.IFA_BROADCAST, address.broadcast().toBytes());
    }
    if (flags != 0) {
      m.u32(IfAddr.IFA_FLAGS, flags);
    }
    nl.execute("RTM_NEWADDR copy " + p + " dev " + index, m);
  }

  /** Removes the address; returns false when it was not there. */
  public boolean delete(int index, IpPrefix address) {
    int family = address.isV4() ? Netlink.AF_INET : Netlink.AF_INET6;
    byte[] raw = address.address().toBytes();
    MessageBuilder m = new MessageBuilder(Netlink.RTM_DELADDR, 0)
        .ifaddrmsg(family, address.length(), 0, RtRoute.RT_SCOPE_UNIVERSE, index)
        .bytes(IfAddr.IFA_LOCAL, raw)
        .bytes(IfAddr.IFA_ADDRESS, raw);
    try {
      nl.execute("RTM_DELADDR " + address + " dev " + index, m);
      return true;
    } catch (BackendFailure e) {
      if ("EADDRNOTAVAIL".equals(e.code()) || "ENODEV".equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  /** The addresses of the link with index {@code index}, or of every link when it is 0. */
  public List<Address> list(int index) {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_GETADDR, 0).ifaddrmsg(Netlink.AF_UNSPEC, 0, 0, 0, 0);
    return nl.dump("RTM_GETADDR dump", m).stream()
        .filter(r -> r.type() == Netlink.RTM_NEWADDR)
        .map(Address::of)
        .filter(Objects::nonNull)
        .filter(a -> index == 0 || a.index() == index)
        .toList();
  }
}
