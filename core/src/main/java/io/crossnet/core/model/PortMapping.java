package io.crossnet.core.model;

/**
 * One published port (or range) of an endpoint, as bound: host ports {@code hostPort ..
 * hostPort+count-1} on {@code hostIp} forward to container ports {@code containerPort ..
 * containerPort+count-1}. {@code hostIp} null means every address of the host (both families
 * where the endpoint has them); {@code 0.0.0.0} and {@code ::} mean every address of one family.
 */
public record PortMapping(String protocol, IpAddress hostIp, int hostPort, int containerPort, int count) {
  public static final java.util.Set<String> PROTOCOLS = java.util.Set.of("tcp", "udp", "sctp");

  public int hostPortEnd() {
    return hostPort + count - 1;
  }

  public int containerPortEnd() {
    return containerPort + count - 1;
  }

  /** Whether this mapping applies to host addresses of the family ({@code v4} true for IPv4). */
  public boolean appliesTo(boolean v4) {
    return hostIp == null || hostIp.isV4() == v4;
  }

  /** Whether the host address is "every address" (of one family or of both). */
  public boolean anyAddress() {
    return hostIp == null || hostIp.isUnspecified();
  }
}
