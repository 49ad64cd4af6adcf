package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An HNS endpoint ({@code hcsshim/hcn/hcnendpoint.go}). {@code HostComputeNetwork} and
 * {@code HostComputeNamespace} are GUIDs; {@code MacAddress} is written as HNS does,
 * {@code 02-42-0A-32-00-02}.
 */
public record HostComputeEndpoint(
    @JsonProperty("ID") String id,
    String name,
    String hostComputeNetwork,
    String hostComputeNamespace,
    List<EndpointPolicy> policies,
    List<IpConfig> ipConfigurations,
    Dns dns,
    List<Route> routes,
    String macAddress,
    Integer flags,
    SchemaVersion schemaVersion) {}
