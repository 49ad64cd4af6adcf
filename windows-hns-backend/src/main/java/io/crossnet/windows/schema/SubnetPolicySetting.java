package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Settings of a subnet policy; {@link #policyType()} is the {@code Type} HNS files them under. */
public sealed interface SubnetPolicySetting permits VlanPolicySetting, VsidPolicySetting {
  @JsonIgnore
  String policyType();
}
