package io.crossnet.linux.firewall;

import io.crossnet.core.model.IpPrefix;
import java.util.List;

/**
 * What the firewall needs to know of one network: its id (recorded as the owner of each element),
 * the bridge that carries it, its subnets, whether it is masqueraded or internal, and whether its
 * endpoints may talk to each other ({@code icc}, inter-container communication).
 */
public record FirewallNetwork(String networkId, String bridge, List<IpPrefix> subnets, boolean masquerade, boolean internal,
    boolean icc) {
  public FirewallNetwork {
    subnets = List.copyOf(subnets);
  }

  /** A network whose endpoints talk to each other, the default. */
  public FirewallNetwork(String networkId, String bridge, List<IpPrefix> subnets, boolean masquerade, boolean internal) {
    this(networkId, bridge, subnets, masquerade, internal, true);
  }
}
