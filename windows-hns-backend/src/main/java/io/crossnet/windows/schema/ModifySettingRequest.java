package io.crossnet.windows.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The document of {@code HcnModify*}: what kind of resource ({@code Endpoint} for namespaces,
 * {@code Policy} for networks and endpoints), what to do ({@code Add}, {@code Remove},
 * {@code Update}, {@code Refresh}) and the settings.
 */
public record ModifySettingRequest(String resourceType, String requestType, JsonNode settings) {

  /** Puts an endpoint into a namespace (hcsshim's {@code AddNamespaceEndpoint}). */
  public static ModifySettingRequest addNamespaceEndpoint(String endpointId) {
    return new ModifySettingRequest("Endpoint", "Add", HnsJson.MAPPER.valueToTree(Map.of("EndpointId", endpointId)));
  }

  /** Takes an endpoint out of a namespace (hcsshim's {@code RemoveNamespaceEndpoint}). */
  public static ModifySettingRequest removeNamespaceEndpoint(String endpointId) {
    return new ModifySettingRequest("Endpoint", "Remove", HnsJson.MAPPER.valueToTree(Map.of("EndpointId", endpointId)));
  }

  /** Adds network policies, e.g. a {@code RemoteSubnetRoute} for an overlay peer. */
  public static ModifySettingRequest addNetworkPolicies(List<NetworkPolicy> policies) {
    return new ModifySettingRequest("Policy", "Add", HnsJson.MAPPER.valueToTree(Map.of("Policies", policies)));
  }

  public String json() {
    return HnsJson.write(this);
  }
}
