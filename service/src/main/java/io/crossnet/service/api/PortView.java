package io.crossnet.service.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A published port as bound, with a chosen host port filled in.")
public record PortView(
    @Schema(examples = "tcp") String protocol,
    @Schema(examples = "80") int containerPort,
    Integer containerPortEnd,
    @Schema(examples = "8080") int hostPort,
    Integer hostPortEnd,
    @Schema(description = "Absent: every address of the host", examples = "0.0.0.0") String hostIp) {}
