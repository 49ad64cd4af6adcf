package io.crossnet.linux.netlink;

/** Link attributes and flags ({@code linux/if_link.h}, {@code linux/if.h}, {@code linux/veth.h}). */
public final class IfLink {
  /** sizeof(struct ifinfomsg). */
  public static final int IFINFOMSG_LEN = 16;

  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_PROTINFO = 12;
  /** In IFLA_PROTINFO of an AF_BRIDGE message: hairpin mode of a bridge port (u8). */
  public static final int IFLA_BRPORT_MODE = 4;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_NUM_TX_QUEUES = 31;
  public static final int IFLA_NUM_RX_QUEUES = 32;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;

  public static final int VETH_INFO_PEER = 1;

  /** In IFLA_INFO_DATA of a bridge ({@code linux/if_link.h}): IGMP/MLD snooping on or off, u8. */
  public static final int IFLA_BR_MCAST_SNOOPING = 23;

  /** In IFLA_INFO_DATA of a macvlan ({@code linux/if_link.h}): the mode, u32. */
  public static final int IFLA_MACVLAN_MODE = 1;
  public static final int MACVLAN_MODE_PRIVATE = 1;
  public static final int MACVLAN_MODE_VEPA = 2;
  public static final int MACVLAN_MODE_BRIDGE = 4;
  public static final int MACVLAN_MODE_PASSTHRU = 8;

  /** In IFLA_INFO_DATA of an ipvlan ({@code linux/if_link.h}): the mode, u16; L2 is 0. */
  public static final int IFLA_IPVLAN_MODE = 1;
  public static final int IPVLAN_MODE_L2 = 0;

  /** In IFLA_INFO_DATA of an 802.1q link: the VLAN id, u16. */
  public static final int IFLA_VLAN_ID = 1;

  /** IFLA_EXT_MASK value that keeps per-VF data out of link dumps. */
  public static final int RTEXT_FILTER_VF = 1;

  public static final int IFF_UP = 0x1;
  public static final int IFF_LOOPBACK = 0x8;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_LOWER_UP = 0x10000;

  private IfLink() {}
}
