package io.crossnet.windows.schema;

/** {@code NetAdapterName}: the host adapter an external vSwitch binds to (Transparent, L2Bridge). */
public record NetAdapterNamePolicySetting(String networkAdapterName) implements NetworkPolicySetting {
  @Override
  public String policyType() {
    return "NetAdapterName";
  }
}
