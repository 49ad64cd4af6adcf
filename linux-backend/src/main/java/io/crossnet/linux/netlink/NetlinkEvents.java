package io.crossnet.linux.netlink;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.sys.Sys;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A NETLINK_ROUTE socket subscribed to multicast groups ({@code RTMGRP_*}): the kernel sends it a
 * message for every change in those groups in the namespace it was opened in. Opened like
 * {@link NetlinkSocket} (inside {@code NetNs.run}), read from one thread of the caller's.
 *
 * <p>When the reader falls behind, the kernel drops messages and the next receive fails with
 * ENOBUFS: the reader must then assume it missed anything.
 */
public final class NetlinkEvents implements AutoCloseable {
  /** RTMGRP_LINK: links created, changed, deleted. */
  public static final int RTMGRP_LINK = 0x1;
  private static final int SO_RCVBUF = 8;
  private static final int SO_RCVBUFFORCE = 33;
  /** Room for a burst (deleting a bridge reports each of its ports too); the kernel doubles it. */
  private static final int RECEIVE_QUEUE = 1 << 20;
  private static final int RECV_BUFFER = 64 * 1024;

  private final byte[] recvBuf = new byte[RECV_BUFFER];
  private final int fd;

  private NetlinkEvents(int fd) {
    this.fd = fd;
  }

  /**
   * Opens a socket in the calling thread's namespace, joined to {@code groups}; a receive waits at
   * most {@code timeoutMillis}, so a reader can notice it should stop.
   */
  public static NetlinkEvents open(int groups, int timeoutMillis) {
    int fd = Sys.socket(Netlink.AF_NETLINK, Netlink.SOCK_RAW | Netlink.SOCK_CLOEXEC, Netlink.NETLINK_ROUTE, "netlink route events");
    try {
      try {
        // beyond rmem_max, which needs CAP_NET_ADMIN; the service has it, a test without root may not
        Sys.setsockopt(fd, Netlink.SOL_SOCKET, SO_RCVBUFFORCE, int32(RECEIVE_QUEUE), "SO_RCVBUFFORCE");
      } catch (BackendFailure e) {
        Sys.setsockopt(fd, Netlink.SOL_SOCKET, SO_RCVBUF, int32(RECEIVE_QUEUE), "SO_RCVBUF");
      }
      ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
          .putLong(timeoutMillis / 1000).putLong((timeoutMillis % 1000) * 1000L);
      Sys.setsockopt(fd, Netlink.SOL_SOCKET, Netlink.SO_RCVTIMEO, tv.array(), "SO_RCVTIMEO");
      byte[] addr = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
          .putShort((short) Netlink.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
      Sys.bind(fd, addr, "netlink route events");
      return new NetlinkEvents(fd);
    } catch (RuntimeException e) {
      Sys.close(fd);
      throw e;
    }
  }

  /**
   * Has the kernel drop, before they reach this socket, RTM_NEWLINK messages of links that are
   * up, and every message about bridge ports (family AF_BRIDGE). A link that is created, changed
   * or brought up sends several of the first, and a reader that only acts on deletions and on
   * links going down would wake and parse each for nothing (on the attach path, several per
   * attach). A port joining or leaving a bridge sends one of the second besides its link's own
   * message, which says the same. Everything else still comes.
   */
  public void dropLinksUpAndBridgePorts() {
    boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    int typeLowByte = 4 + (little ? 0 : 1); // nlmsghdr.nlmsg_type (u16); every RTM_* type is < 256
    int family = 16; // ifinfomsg.ifi_family (u8) after the 16-byte nlmsghdr
    int flagsLowByte = 16 + 8 + (little ? 0 : 3); // ifinfomsg.ifi_flags (u32)
    ByteBuffer p = ByteBuffer.allocate(8 * 8).order(ByteOrder.nativeOrder());
    insn(p, BPF_LD_B_ABS, 0, 0, family);
    insn(p, BPF_JEQ_K, 4, 0, Netlink.AF_BRIDGE); // a bridge port's: drop
    insn(p, BPF_LD_B_ABS, 0, 0, typeLowByte);
    insn(p, BPF_JEQ_K, 0, 3, Netlink.RTM_NEWLINK); // not a NEWLINK: keep
    insn(p, BPF_LD_B_ABS, 0, 0, flagsLowByte);
    insn(p, BPF_JSET_K, 0, 1, IFF_UP); // down: keep
    insn(p, BPF_RET_K, 0, 0, 0); // drop
    insn(p, BPF_RET_K, 0, 0, -1); // keep all of it
    Sys.attachSocketFilter(fd, p.array(), "netlink route events");
  }

  private static final int BPF_LD_B_ABS = 0x30;
  private static final int BPF_JEQ_K = 0x15;
  private static final int BPF_JSET_K = 0x45;
  private static final int BPF_RET_K = 0x06;
  private static final int IFF_UP = 0x1;

  /** struct sock_filter: u16 code, u8 jt, u8 jf, u32 k (jumps count the instructions skipped). */
  private static void insn(ByteBuffer p, int code, int jt, int jf, int k) {
    p.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
  }

  /**
   * The messages of the next datagram, or none when nothing came within the timeout. Messages
   * were lost since the last call when this throws a {@link BackendFailure} with code ENOBUFS.
   */
  public List<NetlinkMessage> receive() {
    int n;
    try {
      n = Sys.recv(fd, recvBuf, Netlink.MSG_TRUNC, "netlink route events");
    } catch (BackendFailure e) {
      if ("EAGAIN".equals(e.code())) {
        return List.of();
      }
      throw e;
    }
    if (n > recvBuf.length) {
      // a message bigger than any link message: the kernel truncated it, so something is unread
      throw new BackendFailure("recv netlink route events", "ENOBUFS", "a " + n + "-byte message did not fit");
    }
    return NetlinkMessage.parse(recvBuf, n);
  }

  /** Closes the socket; only once its reader has stopped receiving, so the number cannot be reused under it. */
  @Override
  public void close() {
    Sys.close(fd);
  }

  private static byte[] int32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }
}
