package io.crossnet.linux.firewall;

import io.crossnet.core.model.IpPrefix;
import java.util.List;

/**
 * What the firewall needs to know of one network: its id (recorded as the owner of each element),
 * the bridge that carries it, its subnets, and whether it is masqueraded or internal.
 */
public record FirewallNetwork(String networkId, String bridge, List<IpPrefix> subnets, boolean masquerade, boolean internal) {
  public FirewallNetwork {
    subnets = List.copyOf(subnets);
  }
}
