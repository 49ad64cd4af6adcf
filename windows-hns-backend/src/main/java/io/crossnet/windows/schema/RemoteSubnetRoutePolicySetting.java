package io.crossnet.windows.schema;

/**
 * {@code RemoteSubnetRoute}: an overlay subnet that lives on another host, reached by encapsulating
 * to that host's provider address with the network's VSID.
 */
public record RemoteSubnetRoutePolicySetting(
    String destinationPrefix, Integer isolationId, String providerAddress, String distributedRouterMacAddress)
    implements NetworkPolicySetting {
  @Override
  public String policyType() {
    return "RemoteSubnetRoute";
  }
}
