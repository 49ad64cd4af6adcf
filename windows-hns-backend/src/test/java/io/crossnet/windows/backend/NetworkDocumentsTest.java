package io.crossnet.windows.backend;

import static io.crossnet.windows.backend.Fixtures.assertJson;
import static io.crossnet.windows.backend.Fixtures.network;

import io.crossnet.core.model.NetworkType;
import io.crossnet.windows.schema.HnsJson;
import io.crossnet.windows.schema.ModifySettingRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One expected HNS network document per crossnet network type (DESIGN.md's table). */
class NetworkDocumentsTest {

  private static String json(io.crossnet.core.model.Network n) {
    return HnsJson.write(NetworkDocuments.network(n));
  }

  @Test
  void natIsNatWithStaticIpamForBothFamilies() {
    assertJson("network-nat.json", json(network(NetworkType.NAT, false, Map.of(),
        "10.50.0.0/24", "10.50.0.1", "fd00:50::/64", "fd00:50::1")));
  }

  @Test
  void bridgeIsInternalAndInternalBridgeIsPrivateWithoutRoutes() {
    assertJson("network-bridge.json", json(network(NetworkType.BRIDGE, false, Map.of(), "10.50.0.0/24", "10.50.0.1")));
    assertJson("network-bridge-internal.json",
        json(network(NetworkType.BRIDGE, true, Map.of(), "10.50.0.0/24", "10.50.0.1")));
  }

  @Test
  void transparentBindsToTheParentAdapter() {
    assertJson("network-transparent.json", json(network(NetworkType.TRANSPARENT, false, Map.of("parent", "Ethernet2"),
        "192.168.10.0/24", "192.168.10.1")));
  }

  @Test
  void macvlanIsTransparentWithAVlanSubnetPolicy() {
    assertJson("network-macvlan.json", json(network(NetworkType.MACVLAN, false,
        Map.of("parent", "Ethernet2", "vlan", "42"), "192.168.10.0/24", "192.168.10.1")));
  }

  @Test
  void l2bridgeIsL2Bridge() {
    assertJson("network-l2bridge.json", json(network(NetworkType.L2BRIDGE, false, Map.of("parent", "Ethernet2"),
        "10.244.1.0/24", "10.244.1.1")));
  }

  @Test
  void overlayCarriesVsidAndProviderAddress() {
    assertJson("network-overlay.json", json(network(NetworkType.OVERLAY, false,
        Map.of("vni", "4097", "hostIp", "192.0.2.10"), "10.96.0.0/24", "10.96.0.1")));
  }

  @Test
  void remoteSubnetRouteIsAddedByModify() {
    var overlay = network(NetworkType.OVERLAY, false, Map.of("vni", "4097"), "10.96.0.0/24", "10.96.0.1");
    assertJson("network-overlay-remote-subnet.json", ModifySettingRequest.addNetworkPolicies(List.of(
        NetworkDocuments.remoteSubnetRoute(overlay, "10.96.1.0/24", "192.0.2.11", "02-11-22-33-44-55"))).json());
  }
}
