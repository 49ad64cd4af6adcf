package io.crossnet.core.model;

import java.time.Instant;
import java.util.List;

/**
 * One sandbox joined to one network: its interface inside the sandbox, addresses, MAC, DNS names.
 * {@code ipv4}/{@code ipv6} carry the subnet's prefix length ({@code 10.50.0.2/24}); either may
 * be null on a single-stack network. {@code gwPriority} ranks the endpoint's gateway among the
 * sandbox's networks, as Docker's {@code --gw-priority} does: the highest provides the default
 * route, the others are reached by their subnets only.
 */
public record Endpoint(
    String id,
    String networkId,
    SandboxRef sandbox,
    String interfaceName,
    String name,
    List<String> aliases,
    IpPrefix ipv4,
    IpPrefix ipv6,
    String macAddress,
    IpAddress gateway4,
    IpAddress gateway6,
    Instant createdAt,
    LifecycleState state,
    List<String> objects,
    List<PortMapping> ports,
    int gwPriority) {

  /** The range {@link #gwPriority} may take. */
  public static final int GW_PRIORITY_MIN = -1000;
  public static final int GW_PRIORITY_MAX = 1000;

  public Endpoint {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    objects = objects == null ? List.of() : List.copyOf(objects);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** An endpoint with the default gateway priority, 0. */
  public Endpoint(String id, String networkId, SandboxRef sandbox, String interfaceName, String name, List<String> aliases,
      IpPrefix ipv4, IpPrefix ipv6, String macAddress, IpAddress gateway4, IpAddress gateway6, Instant createdAt,
      LifecycleState state, List<String> objects, List<PortMapping> ports) {
    this(id, networkId, sandbox, interfaceName, name, aliases, ipv4, ipv6, macAddress, gateway4, gateway6, createdAt, state,
        objects, ports, 0);
  }

  /** An endpoint without published ports. */
  public Endpoint(String id, String networkId, SandboxRef sandbox, String interfaceName, String name, List<String> aliases,
      IpPrefix ipv4, IpPrefix ipv6, String macAddress, IpAddress gateway4, IpAddress gateway6, Instant createdAt,
      LifecycleState state, List<String> objects) {
    this(id, networkId, sandbox, interfaceName, name, aliases, ipv4, ipv6, macAddress, gateway4, gateway6, createdAt, state,
        objects, List.of());
  }

  public Endpoint withState(LifecycleState s) {
    return new Endpoint(id, networkId, sandbox, interfaceName, name, aliases, ipv4, ipv6, macAddress, gateway4, gateway6,
        createdAt, s, objects, ports, gwPriority);
  }

  public Endpoint withObjects(List<String> o) {
    return new Endpoint(id, networkId, sandbox, interfaceName, name, aliases, ipv4, ipv6, macAddress, gateway4, gateway6,
        createdAt, state, o, ports, gwPriority);
  }

  /** The identity of an attachment: a retried attach with the same key returns this endpoint. */
  public String attachmentKey() {
    return attachmentKey(networkId, sandbox, interfaceName);
  }

  public static String attachmentKey(String networkId, SandboxRef sandbox, String interfaceName) {
    return networkId + "|" + sandbox.key() + "|" + interfaceName;
  }

  public String shortId() {
    return id.substring(0, 12);
  }
}
