package io.crossnet.linux.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The attributes of one message or one nested attribute, by type (the NLA_F_* bits stripped). */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Map.of());

  private final Map<Integer, ByteBuffer> byType;

  private Attributes(Map<Integer, ByteBuffer> byType) {
    this.byType = byType;
  }

  /** Parses attributes from the buffer's position to its limit; a malformed tail is ignored. */
  public static Attributes parse(ByteBuffer b) {
    Map<Integer, ByteBuffer> out = new HashMap<>();
    int pos = b.position();
    while (pos + 4 <= b.limit()) {
      int len = b.getShort(pos) & 0xffff;
      int type = (b.getShort(pos + 2) & 0xffff) & Netlink.NLA_TYPE_MASK;
      if (len < 4 || pos + len > b.limit()) {
        break;
      }
      out.put(type, b.duplicate().position(pos + 4).limit(pos + len).slice().order(ByteOrder.nativeOrder()));
      pos += Netlink.align(len);
    }
    return new Attributes(out);
  }

  public boolean has(int type) {
    return byType.containsKey(type);
  }

  public byte[] bytes(int type) {
    ByteBuffer v = byType.get(type);
    if (v == null) {
      return null;
    }
    byte[] out = new byte[v.remaining()];
    v.duplicate().get(out);
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
    ByteBuffer v = byType.get(type);
    return v == null || v.remaining() < 4 ? fallback : v.getInt(0);
  }

  public int u8(int type, int fallback) {
    ByteBuffer v = byType.get(type);
    return v == null || v.remaining() < 1 ? fallback : v.get(0) & 0xff;
  }

  /** A nested attribute's own attributes; empty when absent. */
  public Attributes nested(int type) {
    ByteBuffer v = byType.get(type);
    return v == null ? EMPTY : parse(v.duplicate().order(ByteOrder.nativeOrder()));
  }

  /** The raw value of a nested attribute that starts with a struct, as VETH_INFO_PEER does. */
  public ByteBuffer raw(int type) {
    ByteBuffer v = byType.get(type);
    return v == null ? null : v.duplicate().order(ByteOrder.nativeOrder());
  }
}
