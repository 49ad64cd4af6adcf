package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.prefix;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.Exhausted;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubnetAllocatorIpRangeTest {

  @Test
  void dynamicAddressesComeOnlyFromTheRange() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.60.0.0/24", "10.60.0.1", "10.60.0.128/29", Map.of()));
    IpPrefix range = prefix("10.60.0.128/29");
    for (int i = 0; i < 8; i++) {
      IpAddress x = a.allocate();
      assertTrue(range.contains(x), x + " outside " + range);
    }
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void rangeStartingAtTheNetworkAddressSkipsIt() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.60.0.0/24", "10.60.0.1", "10.60.0.0/30", Map.of()));
    assertEquals(ip("10.60.0.2"), a.allocate());
    assertEquals(ip("10.60.0.3"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void rangeEndingAtTheBroadcastAddressSkipsIt() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.60.0.0/24", "10.60.0.1", "10.60.0.252/30", Map.of()));
    assertEquals(ip("10.60.0.252"), a.allocate());
    assertEquals(ip("10.60.0.253"), a.allocate());
    assertEquals(ip("10.60.0.254"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void staticAddressOutsideTheRangeButInsideTheSubnetIsAllowed() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.60.0.0/24", "10.60.0.1", "10.60.0.128/29", Map.of()));
    assertEquals(ip("10.60.0.10"), a.allocate(ip("10.60.0.10"), "ipv4Address"));
    assertTrue(a.isAllocated(ip("10.60.0.10")));
  }

  @Test
  void exhaustedRangeStillAcceptsStaticAddressesOutsideIt() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.60.0.0/24", "10.60.0.1", "10.60.0.200/32", Map.of()));
    a.allocate();
    assertThrows(Exhausted.class, a::allocate);
    assertEquals(ip("10.60.0.7"), a.allocate(ip("10.60.0.7"), "ipv4Address"));
  }
}
