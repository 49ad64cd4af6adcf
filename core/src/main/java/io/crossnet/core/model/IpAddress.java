package io.crossnet.core.model;

import io.crossnet.core.error.InvalidRequest;

/**
 * An IPv4 or IPv6 address as two unsigned 64-bit halves (IPv4 uses the low 32 bits of {@code lo}).
 * Parsed by hand so that no string ever reaches a resolver: {@code InetAddress.getByName} would
 * look up anything that is not a literal.
 */
public final class IpAddress implements Comparable<IpAddress> {
  private final boolean v4;
  private final long hi;
  private final long lo;

  private IpAddress(boolean v4, long hi, long lo) {
    this.v4 = v4;
    this.hi = hi;
    this.lo = v4 ? lo & 0xffffffffL : lo;
  }

  public static IpAddress v4(long value) {
    return new IpAddress(true, 0, value);
  }

  public static IpAddress v6(long hi, long lo) {
    return new IpAddress(false, hi, lo);
  }

  public static IpAddress of(byte[] bytes) {
    if (bytes.length == 4) {
      return v4(((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL));
    }
    if (bytes.length == 16) {
      long h = 0;
      long l = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (bytes[i] & 0xffL);
        l = (l << 8) | (bytes[i + 8] & 0xffL);
      }
      return v6(h, l);
    }
    throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length);
  }

  /** Parses a literal; throws {@link InvalidRequest} naming {@code field} when it is not one. */
  public static IpAddress parse(String field, String text) {
    IpAddress a = tryParse(text);
    if (a == null) {
      throw new InvalidRequest(field, "'" + Names.printable(text) + "' is not an IPv4 or IPv6 address");
    }
    return a;
  }

  /** Parses a literal, or returns null. */
  public static IpAddress tryParse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
  }

  private static IpAddress parseV4(String s) {
    long value = 0;
    int parts = 0;
    int i = 0;
    while (i <= s.length()) {
      int start = i;
      int octet = 0;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          return null;
        }
      }
      int len = i - start;
      if (len == 0 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
        return null;
      }
      value = (value << 8) | octet;
      parts++;
      if (i == s.length()) {
        break;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return null;
      }
      i++;
    }
    return parts == 4 ? v4(value) : null;
  }

  private static IpAddress parseV6(String s) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (s.length() == 2) {
        return v6(0, 0);
      }
    } else if (s.startsWith(":")) {
      return null;
    }
    while (i < s.length()) {
      if (n == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
        value = (value << 4) | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < s.length() && s.charAt(i) == '.') {
        // an embedded IPv4 tail, as in ::ffff:10.0.0.1
        IpAddress tail = parseV4(s.substring(start));
        if (tail == null || n > 6) {
          return null;
        }
        groups[n++] = (int) (tail.lo >>> 16);
        groups[n++] = (int) (tail.lo & 0xffff);
        i = s.length();
        break;
      }
      if (i == start) {
        return null;
      }
      groups[n++] = value;
      if (i == s.length()) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < s.length() && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
      } else if (i == s.length()) {
        return null;
      }
    }
    if (gap < 0 && n != 8 || gap >= 0 && n == 8) {
      return null;
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - (n - gap), n - gap);
    }
    long h = 0;
    long l = 0;
    for (int k = 0; k < 4; k++) {
      h = (h << 16) | full[k];
      l = (l << 16) | full[k + 4];
    }
    return v6(h, l);
  }

  public boolean isV4() {
    return v4;
  }

  /** {@code 0.0.0.0} or {@code ::}. */
  public boolean isUnspecified() {
    return hi == 0 && lo == 0;
  }

  public int bits() {
    return v4 ? 32 : 128;
  }

  public long hi() {
    return hi;
  }

  public long lo() {
    return lo;
  }

  /** This address plus an unsigned offset (wraps silently; callers stay inside their subnet). */
  public IpAddress plus(long offset) {
    long l = lo + offset;
    long h = hi + (Long.compareUnsigned(l, lo) < 0 ? 1 : 0);
    return v4 ? v4(l) : v6(h, l);
  }

  /** The unsigned distance from {@code base} to this address; only the low 64 bits. */
  public long minus(IpAddress base) {
    return lo - base.lo;
  }

  /** The address with the host bits below {@code prefixLength} cleared. */
  public IpAddress mask(int prefixLength) {
    if (v4) {
      long m = prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
      return v4(lo & m);
    }
    long mh = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
    long ml = prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    return v6(hi & mh, lo & ml);
  }

  /** The address with the host bits below {@code prefixLength} set (an IPv4 broadcast address). */
  public IpAddress lastIn(int prefixLength) {
    if (v4) {
      long hostMask = prefixLength == 32 ? 0 : 0xffffffffL >>> prefixLength;
      return v4(lo | hostMask);
    }
    long hh = prefixLength >= 64 ? 0 : -1L >>> prefixLength;
    long hl = prefixLength >= 128 ? 0 : prefixLength <= 64 ? -1L : -1L >>> (prefixLength - 64);
    return v6(hi | hh, lo | hl);
  }

  public byte[] toBytes() {
    if (v4) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[i + 8] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  @Override
  public int compareTo(IpAddress o) {
    if (v4 != o.v4) {
      return v4 ? -1 : 1;
    }
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.v4 == v4 && a.hi == hi && a.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi * 31 + lo) ^ (v4 ? 1 : 0);
  }

  /** Dotted quad, or RFC 5952 canonical IPv6 (lower case, longest zero run compressed). */
  @Override
  public String toString() {
    if (v4) {
      return (lo >>> 24) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
    }
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xffff);
      g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xffff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < 8; ) {
      if (g[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && g[k] == 0) {
        k++;
      }
      if (k - start > bestLen) {
        bestStart = start;
        bestLen = k - start;
      }
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        b.append("::");
        k += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(g[k]));
    }
    return b.toString();
  }
}
