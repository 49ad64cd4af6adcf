package io.crossnet.linux.netlink;

/**
 * Constants of the netlink transport and of rtnetlink ({@code linux/netlink.h},
 * {@code linux/rtnetlink.h}); values are the kernel ABI and never change.
 */
public final class Netlink {
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_BRIDGE = 7;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int NETLINK_ROUTE = 0;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDBUFFORCE = 32;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int MSG_TRUNC = 0x20;

  /** sizeof(struct nlmsghdr). */
  public static final int NLMSG_HDRLEN = 16;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP = 0x300;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_APPEND = 0x800;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  /** On an NLMSG_ERROR: extended-ack attributes follow the echoed header. */
  public static final int NLM_F_ACK_TLVS = 0x200;
  /** On an NLMSG_ERROR: the request's payload was not echoed (NETLINK_CAP_ACK). */
  public static final int NLM_F_CAPPED = 0x100;
  public static final int NLMSGERR_ATTR_MSG = 1;

  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_TYPE_MASK = ~(0x8000 | 0x4000);

  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNSID = 88;

  private Netlink() {}

  /** The name of a message type, for operation texts. */
  public static String typeName(int type) {
    return switch (type) {
      case RTM_NEWLINK -> "RTM_NEWLINK";
      case RTM_DELLINK -> "RTM_DELLINK";
      case RTM_GETLINK -> "RTM_GETLINK";
      case RTM_SETLINK -> "RTM_SETLINK";
      case RTM_NEWADDR -> "RTM_NEWADDR";
      case RTM_DELADDR -> "RTM_DELADDR";
      case RTM_GETADDR -> "RTM_GETADDR";
      case RTM_NEWROUTE -> "RTM_NEWROUTE";
      case RTM_DELROUTE -> "RTM_DELROUTE";
      case RTM_GETROUTE -> "RTM_GETROUTE";
      case RTM_NEWNSID -> "RTM_NEWNSID";
      default -> "type " + type;
    };
  }

  /** Rounds up to the 4-byte boundary every header and attribute is aligned to. */
  public static int align(int n) {
    return (n + 3) & ~3;
  }
}
