package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** Settings of a network policy; {@link #policyType()} is the {@code Type} HNS files them under. */
public sealed interface NetworkPolicySetting
    permits NetAdapterNamePolicySetting, RemoteSubnetRoutePolicySetting, ProviderAddressPolicySetting {
  @JsonIgnore
  String policyType();
}
