package io.crossnet.linux.link;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.netlink.IfLink;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkMessage;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.sys.Sys;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Link operations over one netlink socket, one kernel request each, in the namespace the socket
 * belongs to. Links are addressed by name (RTM_SETLINK and RTM_DELLINK look a name up when the
 * index is 0), so no index can go stale between a lookup and its use. Creation is exclusive: an
 * existing link is {@code EEXIST}, which callers that converge handle themselves.
 */
public final class Links {
  private final NetlinkSocket nl;

  public Links(NetlinkSocket nl) {
    this.nl = nl;
  }

  public void addBridge(String name, int mtu) {
    addBridge(name, mtu, null);
  }

  /**
   * Creates a bridge, with hardware address {@code mac} when not null. Equivalent to: {@code ip
   * link add NAME mtu MTU address MAC type bridge}. A bridge given no address takes the lowest of
   * its ports' and changes it as ports come and go; one given an address keeps it.
   */
  public void addBridge(String name, int mtu, String mac) {
    addBridge(name, mtu, mac, true);
  }

  /**
   * As {@link #addBridge(String, int, String)}; {@code multicastSnooping} false makes a bridge
   * that floods multicast to every port instead of learning group members from IGMP and MLD
   * reports ({@code ip link add ... type bridge mcast_snooping 0}).
   */
  public void addBridge(String name, int mtu, String mac, boolean multicastSnooping) {
    MessageBuilder m = create(name, mtu);
    if (mac != null) {
      m.bytes(IfLink.IFLA_ADDRESS, Link.macBytes(mac));
    }
    nl.execute("RTM_NEWLINK bridge " + name, bridgeInfo(m, multicastSnooping));
  }

  /** {@code ip link set NAME type bridge mcast_snooping 0|1}: a changelink, RTM_NEWLINK on an existing bridge. */
  public void setMulticastSnooping(String name, boolean on) {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_NEWLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
        .string(IfLink.IFLA_IFNAME, name);
    nl.execute("RTM_NEWLINK bridge " + name + " mcast_snooping " + (on ? 1 : 0), bridgeInfo(m, on));
  }

  /** A bridge's IFLA_LINKINFO; snooping is always said, 1 being the kernel's default. */
  private static MessageBuilder bridgeInfo(MessageBuilder m, boolean multicastSnooping) {
    return m.begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "bridge")
        .begin(IfLink.IFLA_INFO_DATA).u8(IfLink.IFLA_BR_MCAST_SNOOPING, multicastSnooping ? 1 : 0).end().end();
  }

  /** Creates a veth pair whose peer is born in {@code peer.netns()} with its final name and MAC; both ends down. */
  public void addVeth(String name, int mtu, VethPeer peer) {
    addVeth(name, mtu, 0, null, peer);
  }

  /**
   * Creates a veth pair whose host end is already a port of the bridge with index
   * {@code bridgeIndex}, with hardware address {@code mac}: one kernel request instead of two.
   * Both ends stay down, so the caller can turn IPv6 off on them before the kernel configures it
   * at the first up.
   */
  public void addVethOnBridge(String name, int mtu, int bridgeIndex, String mac, VethPeer peer) {
    addVeth(name, mtu, bridgeIndex, mac, peer);
  }

  private void addVeth(String name, int mtu, int masterIndex, String mac, VethPeer peer) {
    String op = "RTM_NEWLINK veth " + name + " peer " + peer.name() + (peer.netns().isCurrent() ? "" : " in " + peer.netns());
    int nsFd = peer.netns().isCurrent() ? -1 : Sys.openReadOnly(peer.netns().path());
    try {
      MessageBuilder m = new MessageBuilder(Netlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
          .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
          .string(IfLink.IFLA_IFNAME, name)
          .u32(IfLink.IFLA_MTU, mtu);
      oneQueue(m);
      if (mac != null) {
        m.bytes(IfLink.IFLA_ADDRESS, Link.macBytes(mac));
      }
      if (masterIndex > 0) {
        m.u32(IfLink.IFLA_MASTER, masterIndex);
      }
      m.begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "veth").begin(IfLink.IFLA_INFO_DATA);
      m.begin(IfLink.VETH_INFO_PEER).ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0).string(IfLink.IFLA_IFNAME, peer.name());
      oneQueue(m);
      if (nsFd >= 0) {
        m.u32(IfLink.IFLA_NET_NS_FD, nsFd);
      }
      if (peer.mac() != null) {
        m.bytes(IfLink.IFLA_ADDRESS, Link.macBytes(peer.mac()));
      }
      m.u32(IfLink.IFLA_MTU, peer.mtu());
      m.end().end().end();
      if (nsFd < 0) {
        nl.execute(op, m);
        return;
      }
      // the peer's namespace gets its id in the same write, before the pair's first notification;
      // the id's refusal is ignored (PeerNetnsIds.giveNext)
      List<BackendFailure> refused = nl.executeEach(
          Arrays.asList(null, op), List.of(PeerNetnsIds.giveNext(nsFd), m));
      if (refused.get(1) != null) {
        throw refused.get(1);
      }
    } finally {
      Sys.close(nsFd);
    }
  }

  /**
   * One queue each way, the number a veth uses anyway: without it the kernel allocates one per
   * CPU and then cuts the real count to one, and cutting a registered device's queues waits for
   * an RCU grace period ({@code netif_set_real_num_tx_queues}), once per end, with the rtnl lock
   * held: the largest part of the pair's creation time.
   */
  private static void oneQueue(MessageBuilder m) {
    m.u32(IfLink.IFLA_NUM_TX_QUEUES, 1).u32(IfLink.IFLA_NUM_RX_QUEUES, 1);
  }

  /**
   * Creates a macvlan on the parent link with index {@code parentIndex}, born inside
   * {@code peer.netns()} under its final name and MAC, down. Equivalent to: {@code ip link add link
   * PARENT name NAME netns NS address MAC mtu MTU type macvlan mode MODE}.
   */
  public void addMacvlan(int parentIndex, MacvlanMode mode, VethPeer peer) {
    String op = "RTM_NEWLINK macvlan " + peer.name() + " mode " + mode.wireName() + (peer.netns().isCurrent() ? "" : " in " + peer.netns());
    int nsFd = peer.netns().isCurrent() ? -1 : Sys.openReadOnly(peer.netns().path());
    try {
      nl.execute(op, macvlanMessage(parentIndex, mode, peer.name(), peer.mac(), peer.mtu(), nsFd));
    } finally {
      Sys.close(nsFd);
    }
  }

  /** The RTM_NEWLINK request of {@link #addMacvlan}; {@code nsFd} below 0 keeps the link in this namespace. */
  public static MessageBuilder macvlanMessage(int parentIndex, MacvlanMode mode, String name, String mac, int mtu, int nsFd) {
    MessageBuilder m = create(name, mtu).u32(IfLink.IFLA_LINK, parentIndex);
    if (nsFd >= 0) {
      m.u32(IfLink.IFLA_NET_NS_FD, nsFd);
    }
    if (mac != null) {
      m.bytes(IfLink.IFLA_ADDRESS, Link.macBytes(mac));
    }
    return m.begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "macvlan")
        .begin(IfLink.IFLA_INFO_DATA).u32(IfLink.IFLA_MACVLAN_MODE, mode.kernelValue()).end()
        .end();
  }

  /**
   * Creates an ipvlan in L2 mode on the parent link with index {@code parentIndex}, born inside
   * {@code peer.netns()} under its final name, down; it shares the parent's MAC, so
   * {@code peer.mac()} is not sent. Equivalent to: {@code ip link add link PARENT name NAME netns NS
   * mtu MTU type ipvlan mode l2}. A kernel without ipvlan refuses it with EOPNOTSUPP.
   */
  public void addIpvlanL2(int parentIndex, VethPeer peer) {
    String op = "RTM_NEWLINK ipvlan " + peer.name() + " mode l2" + (peer.netns().isCurrent() ? "" : " in " + peer.netns());
    int nsFd = peer.netns().isCurrent() ? -1 : Sys.openReadOnly(peer.netns().path());
    try {
      nl.execute(op, ipvlanL2Message(parentIndex, peer.name(), peer.mtu(), nsFd));
    } finally {
      Sys.close(nsFd);
    }
  }

  /** The RTM_NEWLINK request of {@link #addIpvlanL2}; {@code nsFd} below 0 keeps the link in this namespace. */
  public static MessageBuilder ipvlanL2Message(int parentIndex, String name, int mtu, int nsFd) {
    MessageBuilder m = create(name, mtu).u32(IfLink.IFLA_LINK, parentIndex);
    if (nsFd >= 0) {
      m.u32(IfLink.IFLA_NET_NS_FD, nsFd);
    }
    return m.begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "ipvlan")
        .begin(IfLink.IFLA_INFO_DATA).u16(IfLink.IFLA_IPVLAN_MODE, IfLink.IPVLAN_MODE_L2).end()
        .end();
  }

  /**
   * Creates the 802.1q link {@code name} tagging with {@code vlanId} on the parent with index
   * {@code parentIndex}, down. Equivalent to: {@code ip link add link PARENT name NAME type vlan id
   * VLAN}. A kernel without 802.1q refuses it with EOPNOTSUPP.
   */
  public void addVlan(String name, int parentIndex, int vlanId, int mtu) {
    nl.execute("RTM_NEWLINK vlan " + name + " id " + vlanId, vlanMessage(name, parentIndex, vlanId, mtu));
  }

  /** The RTM_NEWLINK request of {@link #addVlan}. */
  public static MessageBuilder vlanMessage(String name, int parentIndex, int vlanId, int mtu) {
    if (vlanId < 1 || vlanId > 4094) {
      throw new IllegalArgumentException("VLAN id " + vlanId + " is outside 1-4094");
    }
    return create(name, mtu).u32(IfLink.IFLA_LINK, parentIndex)
        .begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "vlan")
        .begin(IfLink.IFLA_INFO_DATA).u16(IfLink.IFLA_VLAN_ID, vlanId).end()
        .end();
  }

  /**
   * Whether this kernel knows the link kind, learned without creating anything: a creation request
   * that lacks the parent link every such kind needs is refused with EOPNOTSUPP when the kind is
   * unknown (no driver, no module to load) and with another error (EINVAL) when it is known. Only
   * for kinds that need a parent ({@code macvlan}, {@code vlan}, {@code ipvlan}).
   */
  public boolean kindSupported(String kind) {
    String probe = "cnprobe" + Long.toHexString(System.nanoTime() & 0xffffffL);
    MessageBuilder m = create(probe, 1500).begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, kind).end();
    try {
      nl.execute("RTM_NEWLINK " + kind + " probe", m);
      delete(probe);
      return true;
    } catch (BackendFailure e) {
      return !"EOPNOTSUPP".equals(e.code());
    }
  }

  public void setUp(String name) {
    nl.execute("RTM_SETLINK up " + name, upMessage(name));
  }

  /** The RTM_SETLINK request of {@link #setUp}, for a batch. */
  public static MessageBuilder upMessage(String name) {
    return set(name, IfLink.IFF_UP, IfLink.IFF_UP);
  }

  public void setDown(String name) {
    nl.execute("RTM_SETLINK down " + name, set(name, 0, IfLink.IFF_UP));
  }

  public void setMtu(String name, int mtu) {
    nl.execute("RTM_SETLINK mtu " + mtu + " " + name, set(name, 0, 0).u32(IfLink.IFLA_MTU, mtu));
  }

  /** Sets the hardware address. Equivalent to: {@code ip link set NAME address MAC}. */
  public void setMac(String name, String mac) {
    nl.execute("RTM_SETLINK address " + mac + " " + name, set(name, 0, 0).bytes(IfLink.IFLA_ADDRESS, Link.macBytes(mac)));
  }

  /** Enslaves the link to the bridge with index {@code masterIndex}; 0 releases it. */
  public void setMaster(String name, int masterIndex) {
    nl.execute("RTM_SETLINK master " + masterIndex + " " + name, set(name, 0, 0).u32(IfLink.IFLA_MASTER, masterIndex));
  }

  /**
   * Hairpin mode of a bridge port: frames may leave by the port they came in on. With
   * br_netfilter, a sandbox reaching its own published port through the host's address is
   * DNAT'd back to itself and bridged, not routed, so its port needs this.
   */
  public void setHairpin(String name, boolean on) {
    int index = require(name).index();
    MessageBuilder m = new MessageBuilder(Netlink.RTM_SETLINK, 0)
        .ifinfomsg(Netlink.AF_BRIDGE, index, 0, 0)
        .begin(IfLink.IFLA_PROTINFO | Netlink.NLA_F_NESTED)
        .u8(IfLink.IFLA_BRPORT_MODE, on ? 1 : 0)
        .end();
    nl.execute("RTM_SETLINK hairpin " + name, m);
  }

  /** Sets IFLA_IFALIAS, where crossnet keeps its ownership mark ({@code crossnet:<id>}). */
  public void setAlias(String name, String alias) {
    nl.execute("RTM_SETLINK alias " + name, set(name, 0, 0).string(IfLink.IFLA_IFALIAS, alias));
  }

  /** Sets the alias and brings the link up, in one request. */
  public void setAliasAndUp(String name, String alias) {
    nl.execute("RTM_SETLINK alias, up " + name, set(name, IfLink.IFF_UP, IfLink.IFF_UP).string(IfLink.IFLA_IFALIAS, alias));
  }

  /** The link named {@code name}, or empty when there is none. */
  public Optional<Link> get(String name) {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_GETLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
        .string(IfLink.IFLA_IFNAME, name)
        .u32(IfLink.IFLA_EXT_MASK, IfLink.RTEXT_FILTER_VF);
    try {
      List<NetlinkMessage> replies = nl.query("RTM_GETLINK " + name, m);
      return replies.stream().filter(r -> r.type() == Netlink.RTM_NEWLINK).findFirst().map(Link::of);
    } catch (BackendFailure e) {
      if ("ENODEV".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The link named {@code name}; a missing one is a {@link BackendFailure} with ENODEV. */
  public Link require(String name) {
    return get(name).orElseThrow(() -> new BackendFailure("RTM_GETLINK " + name, "ENODEV", "No such device"));
  }

  /** Every link of the namespace. */
  public List<Link> list() {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_GETLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
        .u32(IfLink.IFLA_EXT_MASK, IfLink.RTEXT_FILTER_VF);
    return nl.dump("RTM_GETLINK dump", m).stream()
        .filter(r -> r.type() == Netlink.RTM_NEWLINK)
        .map(Link::of)
        .toList();
  }

  /**
   * Deletes the link (a veth's peer goes with it). Returns false when it was already gone, which
   * is what a retried delete finds.
   */
  public boolean delete(String name) {
    MessageBuilder m = new MessageBuilder(Netlink.RTM_DELLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
        .string(IfLink.IFLA_IFNAME, name);
    try {
      nl.execute("RTM_DELLINK " + name, m);
      return true;
    } catch (BackendFailure e) {
      if ("ENODEV".equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  private static MessageBuilder create(String name, int mtu) {
    return new MessageBuilder(Netlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, 0, 0)
        .string(IfLink.IFLA_IFNAME, name)
        .u32(IfLink.IFLA_MTU, mtu);
  }

  private static MessageBuilder set(String name, int flags, int change) {
    return new MessageBuilder(Netlink.RTM_SETLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 0, flags, change)
        .string(IfLink.IFLA_IFNAME, name);
  }
}
