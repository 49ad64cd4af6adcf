package io.crossnet.service.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "IP address management of a network: at most one IPv4 and one IPv6 pool.")
public record Ipam(List<IpamConfig> config) {}
