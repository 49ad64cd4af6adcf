package io.crossnet.core.flow;

import io.crossnet.core.ports.PortRequest;
import java.util.List;

/**
 * An attach request before validation: which sandbox, which interface, DNS names, static addresses,
 * published ports, and the gateway priority (null: 0).
 */
public record EndpointRequest(
    String sandbox,
    String interfaceName,
    String name,
    List<String> aliases,
    String ipv4Address,
    String ipv6Address,
    String macAddress,
    List<PortRequest> ports,
    Integer gwPriority) {

  /** A request with the default gateway priority. */
  public EndpointRequest(String sandbox, String interfaceName, String name, List<String> aliases, String ipv4Address,
      String ipv6Address, String macAddress, List<PortRequest> ports) {
    this(sandbox, interfaceName, name, aliases, ipv4Address, ipv6Address, macAddress, ports, null);
  }

  /** A request without published ports. */
  public EndpointRequest(String sandbox, String interfaceName, String name, List<String> aliases, String ipv4Address,
      String ipv6Address, String macAddress) {
    this(sandbox, interfaceName, name, aliases, ipv4Address, ipv6Address, macAddress, List.of(), null);
  }
}
