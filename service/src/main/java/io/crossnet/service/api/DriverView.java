package io.crossnet.service.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A network type and whether this host can make it.")
public record DriverView(@Schema(examples = "nat") String name, boolean supported, @Schema(description = "Why not, when unsupported") String detail) {}
