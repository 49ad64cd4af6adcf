package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code PortMapping}: a published port of an endpoint on a NAT network. {@code Protocol} is the
 * IP protocol number (6 TCP, 17 UDP); {@code VIP} restricts the host address.
 */
public record PortMappingPolicySetting(
    Integer protocol, Integer internalPort, Integer externalPort, @JsonProperty("VIP") String vip, Integer flags)
    implements EndpointPolicySetting {

  public static final int TCP = 6;
  public static final int UDP = 17;

  @Override
  public String policyType() {
    return "PortMapping";
  }
}
