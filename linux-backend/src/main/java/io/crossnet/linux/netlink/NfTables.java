package io.crossnet.linux.netlink;

/**
 * nfnetlink and nf_tables set-element constants ({@code linux/netfilter/nfnetlink.h},
 * {@code linux/netfilter/nf_tables.h}, libnftnl's {@code udata.h}); kernel ABI, never changes.
 */
public final class NfTables {
  public static final int NETLINK_NETFILTER = 12;

  /** Batch delimiters: every nf_tables change between them is one transaction. */
  public static final int NFNL_MSG_BATCH_BEGIN = 0x10;
  public static final int NFNL_MSG_BATCH_END = 0x11;
  public static final int NFNL_SUBSYS_NFTABLES = 10;
  public static final int NFPROTO_INET = 1;

  /** Message types within the nf_tables subsystem; the header's type is {@link #type} of them. */
  public static final int NFT_MSG_NEWSETELEM = 12;
  public static final int NFT_MSG_DELSETELEM = 14;

  public static final int NFTA_SET_ELEM_LIST_TABLE = 1;
  public static final int NFTA_SET_ELEM_LIST_SET = 2;
  public static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  public static final int NFTA_LIST_ELEM = 1;
  public static final int NFTA_SET_ELEM_KEY = 1;
  public static final int NFTA_SET_ELEM_DATA = 2;
  public static final int NFTA_SET_ELEM_USERDATA = 6;
  public static final int NFTA_DATA_VALUE = 1;

  /** libnftnl's user-data record of an element's comment: type byte, length byte, NUL-terminated text. */
  public static final int NFTNL_UDATA_SET_ELEM_COMMENT = 0;

  private NfTables() {}

  /** The netlink message type of nf_tables message {@code msg}. */
  public static int type(int msg) {
    return NFNL_SUBSYS_NFTABLES << 8 | msg;
  }
}
