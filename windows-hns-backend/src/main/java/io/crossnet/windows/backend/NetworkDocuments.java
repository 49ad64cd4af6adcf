package io.crossnet.windows.backend;

import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.windows.schema.HostComputeNetwork;
import io.crossnet.windows.schema.Ipam;
import io.crossnet.windows.schema.NetAdapterNamePolicySetting;
import io.crossnet.windows.schema.NetworkPolicy;
import io.crossnet.windows.schema.ProviderAddressPolicySetting;
import io.crossnet.windows.schema.RemoteSubnetRoutePolicySetting;
import io.crossnet.windows.schema.Route;
import io.crossnet.windows.schema.SchemaVersion;
import io.crossnet.windows.schema.Subnet;
import io.crossnet.windows.schema.SubnetPolicy;
import io.crossnet.windows.schema.VlanPolicySetting;
import io.crossnet.windows.schema.VsidPolicySetting;
import java.util.ArrayList;
import java.util.List;

/**
 * The HNS network for a crossnet network (the table in DESIGN.md): {@code nat} → {@code NAT};
 * {@code bridge} → {@code Internal} (host attached, routed) or, when {@code internal},
 * {@code Private} (no way out); {@code transparent} → {@code Transparent} on the {@code parent}
 * adapter; {@code macvlan} → {@code Transparent} with a {@code VLAN} subnet policy;
 * {@code l2bridge} → {@code L2Bridge}; {@code overlay} → {@code Overlay} with the VNI as
 * {@code VSID} and the host address ({@code hostIp}) as {@code ProviderAddress}.
 *
 * <p>IPAM stays crossnet's: {@code Ipams} is {@code Static} with the subnets crossnet resolved,
 * each with a default route to its gateway unless the network is internal.
 */
final class NetworkDocuments {
  private NetworkDocuments() {}

  static HostComputeNetwork network(Network network) {
    List<NetworkPolicy> policies = new ArrayList<>();
    String parent = network.options().get("parent");
    NetworkType type = network.type();
    if (parent != null && (type == NetworkType.TRANSPARENT || type == NetworkType.MACVLAN || type == NetworkType.L2BRIDGE)) {
      policies.add(NetworkPolicy.of(new NetAdapterNamePolicySetting(parent)));
    }
    String hostIp = network.options().get("hostIp");
    if (type == NetworkType.OVERLAY && hostIp != null) {
      policies.add(NetworkPolicy.of(new ProviderAddressPolicySetting(hostIp)));
    }
    List<Subnet> subnets = new ArrayList<>();
    for (io.crossnet.core.model.Subnet s : network.subnets()) {
      subnets.add(subnet(network, s));
    }
    return new HostComputeNetwork(null, HnsNames.network(network), hnsType(network), policies, null,
        List.of(new Ipam("Static", subnets)), null, SchemaVersion.V2);
  }

  /** The HNS {@code Type} string for a network. */
  static String hnsType(Network network) {
    return switch (network.type()) {
      case NAT -> "NAT";
      case BRIDGE -> network.internal() ? "Private" : "Internal";
      case TRANSPARENT, MACVLAN -> "Transparent";
      case L2BRIDGE -> "L2Bridge";
      case OVERLAY -> "Overlay";
      // refused before anything is recorded: HnsBackend does not claim them
      case HOST, NONE -> throw new IllegalArgumentException("HNS has no network for type " + network.type().wireName());
    };
  }

  /**
   * The policy that makes another host's share of an overlay network reachable: its subnet behind
   * its provider address, tagged with this network's VSID. Added with {@code HcnModifyNetwork}.
   */
  static NetworkPolicy remoteSubnetRoute(Network network, String remotePrefix, String remoteProviderAddress,
      String distributedRouterMac) {
    return NetworkPolicy.of(new RemoteSubnetRoutePolicySetting(remotePrefix,
        Integer.parseInt(network.options().get("vni")), remoteProviderAddress, distributedRouterMac));
  }

  private static Subnet subnet(Network network, io.crossnet.core.model.Subnet s) {
    List<SubnetPolicy> policies = new ArrayList<>();
    String vlan = network.options().get("vlan");
    if (network.type() == NetworkType.MACVLAN && vlan != null) {
      policies.add(SubnetPolicy.of(new VlanPolicySetting(Long.parseLong(vlan))));
    }
    if (network.type() == NetworkType.OVERLAY) {
      policies.add(SubnetPolicy.of(new VsidPolicySetting(Long.parseLong(network.options().get("vni")))));
    }
    List<Route> routes = s.gateway() == null || network.internal()
        ? List.of()
        : List.of(new Route(s.gateway().toString(), s.isV4() ? "0.0.0.0/0" : "::/0", null));
    return new Subnet(s.subnet().toString(), policies, routes);
  }
}
