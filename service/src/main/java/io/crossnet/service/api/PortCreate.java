package io.crossnet.service.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A port to publish: host port (or a range) on a host address forwarded to the container port.")
public record PortCreate(
    @Schema(description = "tcp, udp or sctp", defaultValue = "tcp", examples = "tcp") String protocol,
    @Schema(required = true, examples = "80") Integer containerPort,
    @Schema(description = "Last port of a container port range; the host range is as long") Integer containerPortEnd,
    @Schema(description = "Host port; chosen from the host port range when omitted", examples = "8080") Integer hostPort,
    @Schema(description = "Last port of the host range (must match the container range's length)") Integer hostPortEnd,
    @Schema(description = "Host address: one of this host's, 0.0.0.0 or :: for every address of a family; "
        + "every address when omitted (or the network's hostIp option)", examples = "0.0.0.0") String hostIp) {}
