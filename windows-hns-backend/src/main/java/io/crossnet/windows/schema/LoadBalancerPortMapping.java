package io.crossnet.windows.schema;

/** {@code Protocol} 6 (TCP) or 17 (UDP); {@code Flags} 1 = internal load balancer, 2 = local routed VIP. */
public record LoadBalancerPortMapping(Integer protocol, Integer internalPort, Integer externalPort, Integer flags) {}
