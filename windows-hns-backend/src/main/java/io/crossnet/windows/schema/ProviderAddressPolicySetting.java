package io.crossnet.windows.schema;

/** {@code ProviderAddress}: the host address an overlay network or remote endpoint is reached at. */
public record ProviderAddressPolicySetting(String providerAddress)
    implements EndpointPolicySetting, NetworkPolicySetting {
  @Override
  public String policyType() {
    return "ProviderAddress";
  }
}
