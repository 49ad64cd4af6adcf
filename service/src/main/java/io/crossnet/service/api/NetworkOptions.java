package io.crossnet.service.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The contract of a network's {@code options}: only documentation (the request carries them as a
 * map of strings, as Docker's driver options are, and core checks each). Every value is a JSON
 * string; an option a network type does not take is refused, naming it.
 */
@Schema(name = "NetworkOptions", description = "Driver options, each a string. Unknown keys, values of the wrong form and options "
    + "of another network type are refused with 400, naming options.<key>.", examples = "{\"icc\":\"false\",\"mtu\":\"1450\"}")
public record NetworkOptions(
    @Schema(description = "nat, bridge: inter-container communication. \"false\" keeps the network's endpoints from reaching each "
        + "other (they still reach the outside and every published port); needs bridge netfilter on the host (422 without it)",
        enumeration = {"true", "false"}, defaultValue = "true", examples = "false") String icc,
    @Schema(description = "nat, bridge, macvlan: MTU of the bridge and the endpoints' interfaces, 68-65535 (1280-65535 with IPv6)",
        defaultValue = "1500", examples = "1450") String mtu,
    @Schema(description = "nat, bridge: masquerade traffic leaving the host from the network's subnets (default true for nat, "
        + "false for bridge; an internal network takes none)", enumeration = {"true", "false"}, examples = "true") String masquerade,
    @Schema(description = "nat, bridge: the bridge's name (1-15 of letters, digits, `_ . -`; not lo, not another network's "
        + "bridge, not a link that is not crossnet's); cn + 13 hex digits of the network id when omitted", examples = "br-web")
        String bridgeName,
    @Schema(description = "nat, bridge: host address for published ports that name none: one of this host's addresses of a "
        + "family the network has a subnet of, or 0.0.0.0 / :: for every address of one family", examples = "192.0.2.1")
        String hostIp,
    @Schema(description = "bridge (optional), macvlan, transparent, l2bridge (required): the host NIC the network uses",
        examples = "eth1") String parent,
    @Schema(description = "macvlan: bridge, private, vepa or passthru", enumeration = {"bridge", "private", "vepa", "passthru"},
        defaultValue = "bridge", examples = "bridge") String mode,
    @Schema(description = "macvlan: 802.1q VLAN id 1-4094 on the parent (parent.VLAN is made when missing)", examples = "42")
        String vlan,
    @Schema(description = "overlay: VXLAN network identifier 1-16777215", examples = "4242") String vni,
    @Schema(description = "DNS domain of the network's names", examples = "web.internal") String dnsDomain,
    @Schema(description = "Comma-separated upstream resolvers for names that are not crossnet's (ip, ip:port, [ipv6]:port)",
        examples = "192.0.2.53") String dnsServers) {}
