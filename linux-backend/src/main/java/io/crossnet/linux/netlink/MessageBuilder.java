package io.crossnet.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: the header, one fixed family struct (ifinfomsg, ifaddrmsg, rtmsg,
 * rtgenmsg, nfgenmsg) and attributes, nested ones included. Host byte order, as the kernel reads
 * it; every attribute is padded to 4 bytes. The header is written last, by {@link #build}, once the length
 * and the socket's sequence number are known.
 */
public final class MessageBuilder {
  private final int type;
  private final int flags;
  private final Deque<Integer> open = new ArrayDeque<>();
  private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

  public MessageBuilder(int type, int flags) {
    this.type = type;
    this.flags = flags;
    buf.position(Netlink.NLMSG_HDRLEN);
  }

  public int type() {
    return type;
  }

  public int flags() {
    return flags;
  }

  /** struct ifinfomsg; also written inside VETH_INFO_PEER, which starts with one. */
  public MessageBuilder ifinfomsg(int family, int index, int ifFlags, int change) {
    ensure(IfLink.IFINFOMSG_LEN);
    buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(ifFlags).putInt(change);
    return this;
  }

  /** struct rtgenmsg (one byte, padded to four), the header of namespace id requests. */
  public MessageBuilder rtgenmsg(int family) {
    ensure(4);
    buf.put((byte) family).put((byte) 0).putShort((short) 0);
    return this;
  }

  /** struct nfgenmsg: family, version 0 and the resource id, which the kernel reads big-endian. */
  public MessageBuilder nfgenmsg(int family, int resId) {
    ensure(4);
    buf.put((byte) family).put((byte) 0).put((byte) (resId >> 8)).put((byte) resId);
    return this;
  }

  /** struct ifaddrmsg. */
  public MessageBuilder ifaddrmsg(int family, int prefixLen, int ifaFlags, int scope, int index) {
    ensure(IfAddr.IFADDRMSG_LEN);
    buf.put((byte) family).put((byte) prefixLen).put((byte) ifaFlags).put((byte) scope).putInt(index);
    return this;
  }

  /** struct rtmsg. */
  public MessageBuilder rtmsg(int family, int dstLen, int table, int protocol, int scope, int routeType) {
    ensure(RtRoute.RTMSG_LEN);
    buf.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
        .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) routeType).putInt(0);
    return this;
  }

  public MessageBuilder bytes(int attr, byte[] value) {
    int len = 4 + value.length;
    ensure(Netlink.align(len));
    buf.putShort((short) len).putShort((short) attr).put(value);
    pad();
    return this;
  }

  public MessageBuilder u8(int attr, int value) {
    return bytes(attr, new byte[] {(byte) value});
  }

  public MessageBuilder u16(int attr, int value) {
    return bytes(attr, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
  }

  public MessageBuilder u32(int attr, int value) {
    return bytes(attr, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
  }

  /** A NUL-terminated string, as IFLA_IFNAME and IFLA_INFO_KIND are. */
  public MessageBuilder string(int attr, String value) {
    byte[] s = value.getBytes(StandardCharsets.UTF_8);
    return bytes(attr, Arrays.copyOf(s, s.length + 1));
  }

  /** Opens a nested attribute; its length is filled in by the matching {@link #end}. */
  public MessageBuilder begin(int attr) {
    ensure(4);
    open.push(buf.position());
    buf.putShort((short) 0).putShort((short) attr);
    return this;
  }

  public MessageBuilder end() {
    int start = open.pop();
    int len = buf.position() - start;
    if (len > 0xffff) {
      // the kernel would read the truncated length and silently drop the rest
      throw new IllegalStateException("nested attribute of " + len + " bytes exceeds netlink's 65,535");
    }
    buf.putShort(start, (short) len);
    return this;
  }

  /** The finished message with its header and the builder's flags. */
  public byte[] build(int seq, int portId) {
    return build(flags, seq, portId);
  }

  /**
   * The finished message with {@code headerFlags} in its header; the socket uses this to add
   * NLM_F_REQUEST, NLM_F_ACK or NLM_F_DUMP to the flags the operation chose.
   */
  public byte[] build(int headerFlags, int seq, int portId) {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed nested attribute");
    }
    int len = buf.position();
    buf.putInt(0, len).putShort(4, (short) type).putShort(6, (short) headerFlags).putInt(8, seq).putInt(12, portId);
    return Arrays.copyOf(buf.array(), len);
  }

  private void pad() {
    while ((buf.position() & 3) != 0) {
      buf.put((byte) 0);
    }
  }

  private void ensure(int more) {
    if (buf.remaining() >= more) {
      return;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more)).order(ByteOrder.nativeOrder());
    buf.flip();
    bigger.put(buf);
    buf = bigger;
  }
}
