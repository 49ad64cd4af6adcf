package io.crossnet.windows.schema;

/** {@code VLAN}: tag the subnet's traffic with this VLAN id. */
public record VlanPolicySetting(long isolationId) implements SubnetPolicySetting {
  @Override
  public String policyType() {
    return "VLAN";
  }
}
