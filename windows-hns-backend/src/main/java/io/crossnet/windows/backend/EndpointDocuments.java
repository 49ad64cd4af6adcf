package io.crossnet.windows.backend;

import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.NetworkType;
import io.crossnet.windows.schema.Dns;
import io.crossnet.windows.schema.EndpointPolicy;
import io.crossnet.windows.schema.HostComputeEndpoint;
import io.crossnet.windows.schema.IpConfig;
import io.crossnet.windows.schema.OutboundNatPolicySetting;
import io.crossnet.windows.schema.PortMappingPolicySetting;
import io.crossnet.windows.schema.Route;
import io.crossnet.windows.schema.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The HNS endpoint for a crossnet endpoint: the addresses crossnet's IPAM allocated as static
 * {@code IpConfigurations}, the MAC crossnet derived, default routes to the gateways, published
 * ports as {@code PortMapping} policies (NAT networks only, as on Windows only WinNAT publishes
 * ports) and, on {@code l2bridge}, {@code OutBoundNAT} so traffic leaving the subnet takes the
 * host's address while the subnet itself stays routed.
 */
final class EndpointDocuments {
  private EndpointDocuments() {}

  static HostComputeEndpoint endpoint(Network network, Endpoint endpoint, UUID hnsNetwork,
      List<PortMappingPolicySetting> ports, Dns dns) {
    List<EndpointPolicy> policies = new ArrayList<>();
    if (!ports.isEmpty() && network.type() != NetworkType.NAT) {
      throw new Unsupported("published ports need a 'nat' network on Windows (HNS maps ports only through WinNAT); network '"
          + network.name() + "' is '" + network.type().wireName() + "'");
    }
    ports.forEach(p -> policies.add(EndpointPolicy.of(p)));
    if (network.type() == NetworkType.L2BRIDGE && !network.internal()) {
      List<String> own = network.subnets().stream().map(s -> s.subnet().toString()).toList();
      policies.add(EndpointPolicy.of(new OutboundNatPolicySetting(null, own)));
    }
    List<IpConfig> addresses = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    add(addresses, endpoint.ipv4());
    add(addresses, endpoint.ipv6());
    if (!network.internal() && endpoint.gateway4() != null) {
      routes.add(new Route(endpoint.gateway4().toString(), "0.0.0.0/0", null));
    }
    if (!network.internal() && endpoint.gateway6() != null) {
      routes.add(new Route(endpoint.gateway6().toString(), "::/0", null));
    }
    return new HostComputeEndpoint(null, HnsNames.endpoint(endpoint), HnsNames.text(hnsNetwork), null, policies,
        addresses, dns, routes, mac(endpoint.macAddress()), null, SchemaVersion.V2);
  }

  /** The endpoint's published ports, one policy per port (HNS has no ranges); every-address mappings carry no VIP. */
  static List<PortMappingPolicySetting> ports(Endpoint endpoint) {
    List<PortMappingPolicySetting> out = new ArrayList<>();
    for (PortMapping m : endpoint.ports()) {
      String vip = m.hostIp() == null || m.hostIp().isUnspecified() ? null : m.hostIp().toString();
      for (int i = 0; i < m.count(); i++) {
        out.add(port(m.protocol(), m.hostPort() + i, m.containerPort() + i, vip));
      }
    }
    return out;
  }

  /** A published port: {@code protocol} {@code tcp} or {@code udp}, {@code hostIp} null for all addresses. */
  static PortMappingPolicySetting port(String protocol, int hostPort, int containerPort, String hostIp) {
    int number = switch (protocol) {
      case "tcp" -> PortMappingPolicySetting.TCP;
      case "udp" -> PortMappingPolicySetting.UDP;
      default -> throw new Unsupported("HNS publishes tcp and udp ports only, not '" + protocol + "'");
    };
    return new PortMappingPolicySetting(number, containerPort, hostPort, hostIp, null);
  }

  /** {@code 02:42:0a:32:00:02} as HNS writes MACs: {@code 02-42-0A-32-00-02}. */
  static String mac(String mac) {
    return mac == null ? null : mac.replace(':', '-').toUpperCase(Locale.ROOT);
  }

  private static void add(List<IpConfig> addresses, IpPrefix prefix) {
    if (prefix != null) {
      addresses.add(new IpConfig(prefix.address().toString(), prefix.length()));
    }
  }
}
