package io.crossnet.core.flow;

import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import java.util.List;
import java.util.Map;

/** A network as a client asks for it, before validation. Nulls mean "not given". */
public record NetworkRequest(
    String name,
    String driver,
    List<PoolRequest> ipam,
    Map<String, String> options,
    Map<String, String> labels,
    boolean internal,
    boolean enableIpv6,
    String scope) {}
