package io.crossnet.core.ports;

/**
 * One published port as a client asks for it; nulls mean "not given". A range is
 * {@code containerPort..containerPortEnd}; {@code hostPort} absent means "choose one" (or a block
 * for a range) from the host port range; {@code hostIp} absent means the network's {@code hostIp}
 * option, else every address.
 */
public record PortRequest(String protocol, Integer containerPort, Integer containerPortEnd, Integer hostPort,
    Integer hostPortEnd, String hostIp) {}
