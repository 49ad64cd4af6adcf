package io.crossnet.core.flow;

import java.util.List;

/** An attach request before validation: which sandbox, which interface, DNS names, static addresses. */
public record EndpointRequest(
    String sandbox,
    String interfaceName,
    String name,
    List<String> aliases,
    String ipv4Address,
    String ipv6Address,
    String macAddress) {}
