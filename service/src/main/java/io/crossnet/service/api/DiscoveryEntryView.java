package io.crossnet.service.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "One endpoint as discovery knows it: the names it answers to on the network and its addresses.")
public record DiscoveryEntryView(
    @Schema(description = "Endpoint id") String endpoint,
    @Schema(examples = "c1") String name,
    @Schema(examples = "[\"api\"]") List<String> aliases,
    @Schema(examples = "10.50.0.2") String ipv4Address,
    String ipv6Address) {}
