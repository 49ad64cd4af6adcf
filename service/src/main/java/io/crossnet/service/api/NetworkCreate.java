package io.crossnet.service.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A network to create.")
public record NetworkCreate(
    @Schema(required = true, description = "Unique name: letters, digits, `_ . -`, at most 63", examples = "web") String name,
    @Schema(description = "Network type: nat, bridge, transparent, macvlan, l2bridge, overlay, host, none", defaultValue = "nat", examples = "nat") String driver,
    @Schema(description = "Address pools; one is taken from the default pools when omitted") Ipam ipam,
    @Schema(ref = "NetworkOptions") Map<String, String> options,
    @Schema(description = "Free-form labels") Map<String, String> labels,
    @Schema(description = "No way out of the network: no masquerade, no default route") Boolean internal,
    @Schema(description = "Also give the network an IPv6 subnet") Boolean enableIpv6,
    @Schema(description = "local (this host) or global (all hosts, needs etcd)", defaultValue = "local") String scope) {}
