package io.crossnet.windows.schema;

/** {@code VSID}: the virtual subnet id of an overlay subnet, carried as the VXLAN VNI. */
public record VsidPolicySetting(long isolationId) implements SubnetPolicySetting {
  @Override
  public String policyType() {
    return "VSID";
  }
}
