package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code OutBoundNAT}: masquerade an endpoint's outbound traffic behind the host, except towards
 * the {@code Exceptions} prefixes (its own network, which must stay routed).
 */
public record OutboundNatPolicySetting(@JsonProperty("VirtualIP") String virtualIp, List<String> exceptions)
    implements EndpointPolicySetting {
  @Override
  public String policyType() {
    return "OutBoundNAT";
  }
}
