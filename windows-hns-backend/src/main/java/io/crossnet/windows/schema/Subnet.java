package io.crossnet.windows.schema;

import java.util.List;

/** One address space of an {@link Ipam}, with its subnet policies (VLAN, VSID) and routes. */
public record Subnet(String ipAddressPrefix, List<SubnetPolicy> policies, List<Route> routes) {}
