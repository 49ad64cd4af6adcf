package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An HNS network ({@code hcsshim/hcn/hcnnetwork.go}). {@code Type} is one of {@code NAT},
 * {@code Transparent}, {@code L2Bridge}, {@code L2Tunnel}, {@code ICS}, {@code Private},
 * {@code Internal}, {@code Overlay}.
 */
public record HostComputeNetwork(
    @JsonProperty("ID") String id,
    String name,
    String type,
    List<NetworkPolicy> policies,
    Dns dns,
    List<Ipam> ipams,
    Integer flags,
    SchemaVersion schemaVersion) {}
