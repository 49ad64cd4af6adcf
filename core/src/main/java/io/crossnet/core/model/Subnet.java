package io.crossnet.core.model;

import java.util.Map;

/**
 * One resolved IPAM pool of a network: the subnet, its gateway, the range dynamic addresses come
 * from (the whole subnet when not restricted) and auxiliary addresses reserved for other hosts.
 */
public record Subnet(IpPrefix subnet, IpAddress gateway, IpPrefix ipRange, Map<String, IpAddress> auxAddresses) {
  public Subnet {
    auxAddresses = auxAddresses == null ? Map.of() : Map.copyOf(auxAddresses);
  }

  public boolean isV4() {
    return subnet.isV4();
  }

  /** The gateway as an interface address, e.g. {@code 10.50.0.1/24}. */
  public IpPrefix gatewayPrefix() {
    return new IpPrefix(gateway, subnet.length());
  }
}
