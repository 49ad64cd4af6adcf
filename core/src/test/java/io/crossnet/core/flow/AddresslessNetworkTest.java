package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.ports.PortRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** host and none networks: records without addresses, refusing what they cannot have. */
class AddresslessNetworkTest extends FlowFixture {

  @BeforeEach
  void supportThem() {
    backend.support(NetworkType.HOST);
    backend.support(NetworkType.NONE);
  }

  @Test
  void aHostNetworkHasNoSubnetAndItsEndpointsNoAddress() {
    Network n = crossnet.networks().create(request("hostnet", "host", null, null));
    assertEquals(NetworkType.HOST, n.type());
    assertEquals(List.of(), n.subnets());
    Endpoint e = crossnet.endpoints().attach("hostnet", sandbox("/proc/1/ns/net")).endpoint();
    assertNull(e.ipv4());
    assertNull(e.ipv6());
    assertNull(e.gateway4());
    crossnet.endpoints().detach("hostnet", e.id());
    crossnet.networks().delete("hostnet");
    assertTrue(storeIsEmpty());
  }

  @Test
  void addressesOptionsAndFlagsAreRefusedPerField() {
    NetworkRequest bad = new NetworkRequest("n", "none", List.of(new PoolRequest("10.9.0.0/24", null, null, null)),
        Map.of("mtu", "1400"), null, true, true, null);
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> crossnet.networks().create(bad));
    assertEquals(List.of("ipam", "enableIpv6", "internal", "options.mtu"), fields(e));
    assertTrue(storeIsEmpty());
  }

  @Test
  void portsAndStaticAddressesAreRefused() {
    crossnet.networks().create(request("nonet", "none", null, null));
    InvalidRequest ports = assertThrows(InvalidRequest.class, () -> crossnet.endpoints().attach("nonet",
        new EndpointRequest("/run/netns/c1", null, null, null, null, null, null, List.of(new PortRequest("tcp", 80, null, null, null, null)))));
    assertEquals(List.of("ports"), fields(ports));
    InvalidRequest address = assertThrows(InvalidRequest.class, () -> crossnet.endpoints().attach("nonet", sandbox("/run/netns/c1", "10.0.0.5")));
    assertEquals(List.of("ipv4Address"), fields(address));
    assertEquals(0, crossnet.endpoints().list("nonet").size());
  }
}
