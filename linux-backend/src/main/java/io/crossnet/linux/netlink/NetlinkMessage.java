package io.crossnet.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One received message: the header fields and its payload (family struct and attributes). */
public record NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {

  /**
   * Splits a datagram into its messages. A truncated trailing message ends the list: the kernel
   * never sends one, and reading past it would misinterpret whatever follows. The messages own a
   * copy of the bytes: the socket reuses its receive buffer for the next datagram.
   */
  public static List<NetlinkMessage> parse(byte[] data, int length) {
    ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(data, length)).order(ByteOrder.nativeOrder());
    List<NetlinkMessage> out = new ArrayList<>();
    int pos = 0;
    while (pos + Netlink.NLMSG_HDRLEN <= length) {
      int len = b.getInt(pos);
      if (len < Netlink.NLMSG_HDRLEN || pos + len > length) {
        break;
      }
      int type = b.getShort(pos + 4) & 0xffff;
      int flags = b.getShort(pos + 6) & 0xffff;
      int seq = b.getInt(pos + 8);
      int port = b.getInt(pos + 12);
      ByteBuffer payload = b.duplicate().position(pos + Netlink.NLMSG_HDRLEN).limit(pos + len).slice()
          .order(ByteOrder.nativeOrder());
      out.add(new NetlinkMessage(type, flags, seq, port, payload));
      pos += Netlink.align(len);
    }
    return out;
  }

  /** The attributes after a family struct of {@code headerLength} bytes. */
  public Attributes attributes(int headerLength) {
    ByteBuffer p = payload.duplicate().order(ByteOrder.nativeOrder());
    int start = Math.min(Netlink.align(headerLength), p.limit());
    return Attributes.parse(p.position(start).slice().order(ByteOrder.nativeOrder()));
  }

  /** Byte {@code offset} of the payload, unsigned. */
  public int u8(int offset) {
    return payload.get(offset) & 0xff;
  }

  public int u16(int offset) {
    return payload.getShort(offset) & 0xffff;
  }

  public int i32(int offset) {
    return payload.getInt(offset);
  }
}
