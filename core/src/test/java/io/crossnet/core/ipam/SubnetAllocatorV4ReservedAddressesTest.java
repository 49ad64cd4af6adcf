package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.Exhausted;
import io.crossnet.core.model.IpAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetAllocatorV4ReservedAddressesTest {

  @Test
  void firstDynamicAddressIsTheOneAfterTheGateway() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.50.0.0/24"));
    assertEquals(ip("10.50.0.2"), a.allocate());
    assertEquals(ip("10.50.0.3"), a.allocate());
  }

  @Test
  void fullSlash24HandsOutExactly253AddressesNeverNetworkGatewayOrBroadcast() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.50.0.0/24"));
    Set<IpAddress> seen = new HashSet<>();
    for (int i = 0; i < 253; i++) {
      IpAddress x = a.allocate();
      assertTrue(seen.add(x), "handed out twice: " + x);
    }
    assertFalse(seen.contains(ip("10.50.0.0")), "network address handed out");
    assertFalse(seen.contains(ip("10.50.0.1")), "gateway handed out");
    assertFalse(seen.contains(ip("10.50.0.255")), "broadcast address handed out");
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void gatewayElsewhereInTheSubnetIsStillSkipped() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.50.0.0/30", "10.50.0.2", null, java.util.Map.of()));
    assertEquals(ip("10.50.0.1"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void gatewayCountsAsAllocatedFromTheStart() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.50.0.0/24"));
    assertTrue(a.isAllocated(ip("10.50.0.1")));
    assertFalse(a.isAllocated(ip("10.50.0.0")));
    assertEquals(1, a.allocatedCount());
  }
}
