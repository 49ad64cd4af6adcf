package io.crossnet.windows.schema;

/** One static address of an endpoint. */
public record IpConfig(String ipAddress, Integer prefixLength) {}
