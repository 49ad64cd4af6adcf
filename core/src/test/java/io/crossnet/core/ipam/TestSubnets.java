package io.crossnet.core.ipam;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Subnet;
import java.util.List;
import java.util.Map;

/** Short-hand for building subnets and reading field errors in IPAM tests. */
final class TestSubnets {
  private TestSubnets() {}

  static IpAddress ip(String text) {
    return IpAddress.parse("test", text);
  }

  static IpPrefix prefix(String text) {
    return IpPrefix.parse("test", text);
  }

  /** The subnet with the gateway at its first host address and no range or aux addresses. */
  static Subnet subnet(String cidr) {
    IpPrefix p = prefix(cidr);
    return new Subnet(p, p.first().plus(1), null, Map.of());
  }

  static Subnet subnet(String cidr, String gateway, String ipRange, Map<String, String> aux) {
    Map<String, IpAddress> parsed = new java.util.TreeMap<>();
    aux.forEach((k, v) -> parsed.put(k, ip(v)));
    return new Subnet(prefix(cidr), ip(gateway), ipRange == null ? null : prefix(ipRange), parsed);
  }

  static List<String> fields(InvalidRequest e) {
    return e.errors().stream().map(InvalidRequest.FieldError::field).toList();
  }
}
