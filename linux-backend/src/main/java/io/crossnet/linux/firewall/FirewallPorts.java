package io.crossnet.linux.firewall;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.PortMapping;
import java.util.List;

/**
 * The published ports of one endpoint, as the firewall needs them: the endpoint's id (the owner
 * recorded on every element), its network and bridge (for hairpin), its addresses (the DNAT
 * targets; either may be null) and the mappings as bound, host ports already chosen.
 */
public record FirewallPorts(String endpointId, String networkId, String bridge, IpAddress v4, IpAddress v6,
    List<PortMapping> ports) {
  public FirewallPorts {
    ports = List.copyOf(ports);
  }
}
