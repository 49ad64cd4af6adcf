package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Settings of an endpoint policy; {@link #policyType()} is the {@code Type} HNS files them under. */
public sealed interface EndpointPolicySetting
    permits PortMappingPolicySetting, OutboundNatPolicySetting, ProviderAddressPolicySetting {
  @JsonIgnore
  String policyType();
}
