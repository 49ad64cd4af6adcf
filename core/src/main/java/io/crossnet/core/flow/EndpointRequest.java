package io.crossnet.core.flow;

import io.crossnet.core.ports.PortRequest;
import java.util.List;

/** An attach request before validation: which sandbox, which interface, DNS names, static addresses. */
public record EndpointRequest(
    String sandbox,
    String interfaceName,
    String name,
    List<String> aliases,
    String ipv4Address,
    String ipv6Address,
    String macAddress,
    List<PortRequest> ports) {

  /** A request without published ports. */
  public EndpointRequest(String sandbox, String interfaceName, String name, List<String> aliases, String ipv4Address,
      String ipv6Address, String macAddress) {
    this(sandbox, interfaceName, name, aliases, ipv4Address, ipv6Address, macAddress, List.of());
  }
}
