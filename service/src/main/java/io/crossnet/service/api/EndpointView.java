package io.crossnet.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A sandbox's attachment to a network.")
public record EndpointView(
    String id,
    @Schema(description = "Network id") String network,
    String sandbox,
    @JsonProperty("interface") String interfaceName,
    String name,
    List<String> aliases,
    @Schema(examples = "10.50.0.2/24") String ipv4Address,
    String ipv6Address,
    @Schema(examples = "02:42:0a:32:00:02") String macAddress,
    @Schema(examples = "10.50.0.1") String gateway,
    String gatewayV6,
    @Schema(description = "Rank of this endpoint's gateway among the sandbox's networks; the highest carries the default route")
    int gwPriority,
    Instant created,
    String state,
    @Schema(description = "Published ports as bound") List<PortView> ports,
    @Schema(description = "DNS settings for the sandbox; absent where crossnet runs no resolver (Windows)") DnsView dns) {}
