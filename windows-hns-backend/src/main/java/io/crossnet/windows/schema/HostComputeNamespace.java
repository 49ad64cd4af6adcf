package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An HNS namespace, a container's network compartment ({@code hcsshim/hcn/hcnnamespace.go}).
 * {@code Type} is {@code Host}, {@code HostDefault}, {@code Guest} or {@code GuestDefault}.
 */
public record HostComputeNamespace(
    @JsonProperty("ID") String id,
    Long namespaceId,
    String type,
    List<NamespaceResource> resources,
    SchemaVersion schemaVersion) {

  /** The GUIDs of the endpoints in this namespace. */
  public List<String> endpointIds() {
    return resources == null ? List.of() : resources.stream()
        .filter(r -> "Endpoint".equals(r.type()) && r.data() != null && r.data().hasNonNull("ID"))
        .map(r -> r.data().get("ID").asText())
        .toList();
  }
}
