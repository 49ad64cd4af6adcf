package io.crossnet.service.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One IPAM pool of a network. */
@Schema(description = "One address pool of a network. Only `subnet` is required; the gateway defaults to the subnet's first address.")
public record IpamConfig(
    @Schema(description = "CIDR of the subnet", examples = "10.50.0.0/24") String subnet,
    @Schema(description = "Gateway address inside the subnet, held by the host side", examples = "10.50.0.1") String gateway,
    @Schema(description = "Sub-range dynamic addresses come from", examples = "10.50.0.128/25") String ipRange,
    @Schema(description = "Addresses reserved for other hosts, by name") Map<String, String> auxAddresses) {}
