package io.crossnet.service.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A network as crossnet keeps it.")
public record NetworkView(
    @Schema(description = "64 hex digits", examples = "3f1c0d6a9b2e4f7081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7a8") String id,
    String name,
    @Schema(examples = "nat") String driver,
    @Schema(examples = "local") String scope,
    boolean internal,
    boolean enableIpv6,
    Ipam ipam,
    Map<String, String> options,
    Map<String, String> labels,
    Instant created,
    @Schema(description = "pending while being created, active, deleting") String state,
    @Schema(description = "Names of the OS objects crossnet made for it (bridge, ...)") List<String> objects) {}
