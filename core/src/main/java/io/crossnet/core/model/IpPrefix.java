package io.crossnet.core.model;

import io.crossnet.core.error.InvalidRequest;

/** An address with a prefix length: a subnet ({@code 10.50.0.0/24}) or an interface address ({@code 10.50.0.2/24}). */
public record IpPrefix(IpAddress address, int length) {

  public IpPrefix {
    if (length < 0 || length > address.bits()) {
      throw new IllegalArgumentException("prefix length " + length + " out of range");
    }
  }

  /** Parses {@code address/length}; throws {@link InvalidRequest} naming {@code field}. */
  public static IpPrefix parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidRequest(field, "is required (CIDR such as 10.50.0.0/24)");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new InvalidRequest(field, "'" + Names.printable(text) + "' is not in CIDR notation (address/length)");
    }
    IpAddress a = IpAddress.tryParse(text.substring(0, slash));
    String len = text.substring(slash + 1);
    if (a == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
      throw new InvalidRequest(field, "'" + Names.printable(text) + "' is not a valid CIDR");
    }
    int n = Integer.parseInt(len);
    if (n > a.bits()) {
      throw new InvalidRequest(field, "prefix length /" + n + " is longer than " + a.bits() + " bits");
    }
    return new IpPrefix(a, n);
  }

  public boolean isV4() {
    return address.isV4();
  }

  /** The subnet this prefix lies in (host bits cleared). */
  public IpPrefix network() {
    return new IpPrefix(address.mask(length), length);
  }

  public IpAddress first() {
    return address.mask(length);
  }

  public IpAddress last() {
    return address.lastIn(length);
  }

  public boolean contains(IpAddress a) {
    return a.isV4() == isV4() && a.mask(length).equals(first());
  }

  public boolean contains(IpPrefix p) {
    return p.length >= length && contains(p.address);
  }

  public boolean overlaps(IpPrefix p) {
    return p.isV4() == isV4() && (contains(p.first()) || p.contains(first()));
  }

  /** Host bits; the allocator uses at most the first 2^64 addresses of a larger IPv6 subnet. */
  public int hostBits() {
    return address.bits() - length;
  }

  @Override
  public String toString() {
    return address + "/" + length;
  }
}
