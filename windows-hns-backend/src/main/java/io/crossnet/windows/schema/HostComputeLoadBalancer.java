package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An HNS load balancer: frontend VIPs spread over endpoints ({@code hcsshim/hcn/hcnloadbalancer.go}). */
public record HostComputeLoadBalancer(
    @JsonProperty("ID") String id,
    List<String> hostComputeEndpoints,
    @JsonProperty("SourceVIP") String sourceVip,
    @JsonProperty("FrontendVIPs") List<String> frontendVips,
    List<LoadBalancerPortMapping> portMappings,
    SchemaVersion schemaVersion) {}
