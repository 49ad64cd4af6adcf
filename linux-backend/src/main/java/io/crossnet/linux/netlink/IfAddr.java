package io.crossnet.linux.netlink;

/** Address attributes and flags ({@code linux/if_addr.h}). */
public final class IfAddr {
  /** sizeof(struct ifaddrmsg). */
  public static final int IFADDRMSG_LEN = 8;

  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;
  public static final int IFA_FLAGS = 8;

  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_TENTATIVE = 0x40;
  public static final int IFA_F_PERMANENT = 0x80;
  /** No prefix route for the address (IFA_FLAGS only, it does not fit ifa_flags). */
  public static final int IFA_F_NOPREFIXROUTE = 0x200;

  private IfAddr() {}
}
