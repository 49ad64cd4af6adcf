package io.crossnet.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A sandbox to attach. Attaching the same (network, sandbox, interface) again returns the existing endpoint.")
public record EndpointCreate(
    @Schema(required = true, description = "Network namespace path (/var/run/netns/NAME, /proc/PID/ns/net) or, on Windows, a namespace GUID",
        examples = "/var/run/netns/c1") String sandbox,
    @JsonProperty("interface") @Schema(description = "Interface name inside the sandbox", defaultValue = "eth0", examples = "eth0") String interfaceName,
    @Schema(description = "Endpoint name, resolvable by DNS inside the network", examples = "c1") String name,
    @Schema(description = "More DNS names", examples = "[\"api\"]") List<String> aliases,
    @Schema(description = "Static IPv4 address (no prefix)", examples = "10.50.0.10") String ipv4Address,
    @Schema(description = "Static IPv6 address (no prefix)") String ipv6Address,
    @Schema(description = "MAC address; derived from the endpoint id when omitted") String macAddress,
    @Schema(description = "Ports to publish on the host (not on internal networks)") List<PortCreate> ports,
    @Schema(description = "Among the sandbox's networks, the highest gwPriority provides the default route (as Docker's "
        + "--gw-priority); the others are reached by their subnets only. Ties: the endpoint attached first keeps it.",
        defaultValue = "0", minimum = "-1000", maximum = "1000") Integer gwPriority) {}
