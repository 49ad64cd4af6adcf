package io.crossnet.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes of one message or one nested attribute, by type (the NLA_F_* bits stripped).
 * Values are read in place: parsing allocates one index, not a buffer per attribute. A link
 * message carries about fifty attributes and the link watch reads every one the kernel sends,
 * several per attach and detach, of which it wants two or three.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(ByteBuffer.allocate(0), new int[0]);

  private final ByteBuffer b;
  /** Per attribute, in the order sent: its type, and its value's start and end in {@code b}. */
  private final int[] index;

  private Attributes(ByteBuffer b, int[] index) {
    this.b = b;
    this.index = index;
  }

  /** Parses attributes from the buffer's position to its limit; a malformed tail is ignored. */
  public static Attributes parse(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate().order(ByteOrder.nativeOrder());
    int count = 0;
    for (int pos = b.position(); (pos = next(b, pos)) > 0; ) {
      count++;
    }
    int[] index = new int[count * 3];
    int pos = b.position();
    for (int i = 0; i < index.length; i += 3) {
      index[i] = (b.getShort(pos + 2) & 0xffff) & Netlink.NLA_TYPE_MASK;
      index[i + 1] = pos + 4;
      index[i + 2] = pos + (b.getShort(pos) & 0xffff);
      pos = next(b, pos);
    }
    return new Attributes(b, index);
  }

  /** The position after the well-formed attribute at {@code pos}, or -1 where there is none. */
  private static int next(ByteBuffer b, int pos) {
    if (pos + 4 > b.limit()) {
      return -1;
    }
    int len = b.getShort(pos) & 0xffff;
    return len < 4 || pos + len > b.limit() ? -1 : pos + Netlink.align(len);
  }

  /** Where the attribute's entry starts in {@link #index}, or -1; a type sent twice reads as its last. */
  private int find(int type) {
    for (int i = index.length - 3; i >= 0; i -= 3) {
      if (index[i] == type) {
        return i;
      }
    }
    return -1;
  }

  private int length(int entry) {
    return index[entry + 2] - index[entry + 1];
  }

  public boolean has(int type) {
    return find(type) >= 0;
  }

  public byte[] bytes(int type) {
    int e = find(type);
    if (e < 0) {
      return null;
    }
    byte[] out = new byte[length(e)];
    b.get(index[e + 1], out);
    return out;
  }

  /** A string attribute without its NUL terminator, or null when absent. */
  public String string(int type) {
    byte[] v = bytes(type);
    if (v == null) {
      return null;
    }
    int n = 0;
    while (n < v.length && v[n] != 0) {
      n++;
    }
    return new String(v, 0, n, StandardCharsets.UTF_8);
  }

  public int u32(int type, int fallback) {
    int e = find(type);
    return e < 0 || length(e) < 4 ? fallback : b.getInt(index[e + 1]);
  }

  public int u8(int type, int fallback) {
    int e = find(type);
    return e < 0 || length(e) < 1 ? fallback : b.get(index[e + 1]) & 0xff;
  }

  /** A nested attribute's own attributes; empty when absent. */
  public Attributes nested(int type) {
    ByteBuffer v = raw(type);
    return v == null ? EMPTY : parse(v);
  }

  /** The raw value of a nested attribute that starts with a struct, as VETH_INFO_PEER does. */
  public ByteBuffer raw(int type) {
    int e = find(type);
    return e < 0 ? null : b.slice(index[e + 1], length(e)).order(ByteOrder.nativeOrder());
  }
}
