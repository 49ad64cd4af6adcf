package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import org.xbill.DNS.Name;

/** Reads the address out of a PTR query name ({@code 4.3.2.1.in-addr.arpa}, nibbles under {@code ip6.arpa}). */
final class ReverseNames {
  private static final Name IN_ADDR = Name.fromConstantString("in-addr.arpa.");
  private static final Name IP6 = Name.fromConstantString("ip6.arpa.");

  private ReverseNames() {}

  /** The address, or null when the name is not a complete reverse name of one address. */
  static IpAddress address(Name name) {
    if (name.subdomain(IN_ADDR) && name.labels() == 4 + IN_ADDR.labels()) {
      long v = 0;
      for (int i = 3; i >= 0; i--) {
        int octet = decimal(name.getLabelString(i));
        if (octet < 0) {
          return null;
        }
        v = (v << 8) | octet;
      }
      return IpAddress.v4(v);
    }
    if (name.subdomain(IP6) && name.labels() == 32 + IP6.labels()) {
      long hi = 0;
      long lo = 0;
      for (int i = 31; i >= 0; i--) {
        String l = name.getLabelString(i);
        int nibble = l.length() == 1 ? Character.digit(l.charAt(0), 16) : -1;
        if (nibble < 0) {
          return null;
        }
        // label 31 is the most significant nibble
        int pos = 31 - i;
        if (pos < 16) {
          hi = (hi << 4) | nibble;
        } else {
          lo = (lo << 4) | nibble;
        }
      }
      return IpAddress.v6(hi, lo);
    }
    return null;
  }

  private static int decimal(String s) {
    if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v > 255 ? -1 : v;
  }
}
