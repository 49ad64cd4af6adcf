package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.model.Subnet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubnetPlannerDefaultsTest {
  private static final AddressPools POOLS = AddressPools.dockerDefaults();

  @Test
  void gatewayDefaultsToTheFirstHostAddress() {
    Subnet s = SubnetPlanner.plan(List.of(new PoolRequest("10.5.0.0/24", null, null, null)), false, List.of(), POOLS).get(0);
    assertEquals(ip("10.5.0.1"), s.gateway());
    assertNull(s.ipRange());
    assertTrue(s.auxAddresses().isEmpty());
  }

  @Test
  void givenGatewayRangeAndAuxAreKept() {
    Subnet s = SubnetPlanner.plan(List.of(new PoolRequest("10.5.0.0/24", "10.5.0.254", "10.5.0.128/25", Map.of("r", "10.5.0.2"))),
        false, List.of(), POOLS).get(0);
    assertEquals(ip("10.5.0.254"), s.gateway());
    assertEquals(prefix("10.5.0.128/25"), s.ipRange());
    assertEquals(Map.of("r", ip("10.5.0.2")), s.auxAddresses());
  }

  @Test
  void nothingAskedGivesTheFirstDefaultV4Pool() {
    List<Subnet> s = SubnetPlanner.plan(List.of(), false, List.of(), POOLS);
    assertEquals(1, s.size());
    assertEquals(prefix("172.17.0.0/16"), s.get(0).subnet());
    assertEquals(ip("172.17.0.1"), s.get(0).gateway());
  }

  @Test
  void enableIpv6AddsADefaultV6Slash64() {
    List<Subnet> s = SubnetPlanner.plan(List.of(), true, List.of(), POOLS);
    assertEquals(2, s.size());
    assertEquals(prefix("fd5c:c0de:c0de::/64"), s.get(1).subnet());
    assertEquals(ip("fd5c:c0de:c0de::1"), s.get(1).gateway());
  }

  @Test
  void onlyAV6SubnetAskedStillGetsADefaultV4FirstInTheList() {
    List<Subnet> s = SubnetPlanner.plan(List.of(new PoolRequest("fd00:7::/64", null, null, null)), true, List.of(), POOLS);
    assertEquals(List.of(prefix("172.17.0.0/16"), prefix("fd00:7::/64")), s.stream().map(Subnet::subnet).toList());
  }
}
