package io.crossnet.windows.schema;

import java.util.List;

/** A network's address spaces. {@code Type} is {@code Static}: crossnet's IPAM assigns the addresses. */
public record Ipam(String type, List<Subnet> subnets) {}
