package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.model.NetworkType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkParentTest extends FlowFixture {

  private static NetworkRequest onParent(String name, String subnet, Map<String, String> options) {
    return new NetworkRequest(name, "nat", List.of(new PoolRequest(subnet, null, null, null)), options, null, false, false, null);
  }

  @Test
  void aParentServesOneNetworkPerVlan() {
    crossnet.networks().create(onParent("a", "10.1.0.0/24", Map.of("parent", "eth1")));
    InvalidRequest e = assertThrows(InvalidRequest.class,
        () -> crossnet.networks().create(onParent("b", "10.2.0.0/24", Map.of("parent", "eth1"))));
    assertEquals(List.of("options.parent"), fields(e));
    assertTrue(e.errors().get(0).message().contains("in use by network 'a'"), e.errors().toString());
    assertEquals(1, crossnet.networks().list().size(), "the refused network is not recorded");

    crossnet.networks().create(onParent("c", "10.3.0.0/24", Map.of("parent", "eth1", "vlan", "10")));
    assertThrows(InvalidRequest.class,
        () -> crossnet.networks().create(onParent("d", "10.4.0.0/24", Map.of("parent", "eth1", "vlan", "10"))));
    crossnet.networks().create(onParent("e", "10.5.0.0/24", Map.of("parent", "eth1", "vlan", "11")));
    assertEquals(3, crossnet.networks().list().size());
  }

  @Test
  void aMacvlanNetworkNeedsTheSegmentsSubnet() {
    backend.support(NetworkType.MACVLAN);
    InvalidRequest e = assertThrows(InvalidRequest.class,
        () -> crossnet.networks().create(request("m", "macvlan", Map.of("parent", "eth1"), null)));
    assertEquals(List.of("ipam.config"), fields(e));
    assertTrue(storeIsEmpty());
  }
}
