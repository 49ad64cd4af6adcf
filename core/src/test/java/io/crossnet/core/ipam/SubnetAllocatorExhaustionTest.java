package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.error.Exhausted;
import org.junit.jupiter.api.Test;

class SubnetAllocatorExhaustionTest {

  @Test
  void slash29HasFiveDynamicAddressesThenExhausted() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.90.0.0/29"));
    for (int i = 2; i <= 6; i++) {
      assertEquals(ip("10.90.0." + i), a.allocate());
    }
    Exhausted e = assertThrows(Exhausted.class, a::allocate);
    assertEquals(true, e.getMessage().contains("10.90.0.0/29"), e.getMessage());
  }

  @Test
  void slash30HasOneDynamicAddress() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.90.0.0/30"));
    assertEquals(ip("10.90.0.2"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void v6Slash126HasTwoDynamicAddresses() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:9::/126"));
    assertEquals(ip("fd00:9::2"), a.allocate());
    assertEquals(ip("fd00:9::3"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void exhaustedSubnetRecoversAfterARelease() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.90.0.0/29"));
    for (int i = 0; i < 5; i++) {
      a.allocate();
    }
    a.release(ip("10.90.0.4"));
    assertEquals(ip("10.90.0.4"), a.allocate());
    assertThrows(Exhausted.class, a::allocate);
  }

  @Test
  void exhaustionDoesNotChangeState() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.90.0.0/30"));
    a.allocate();
    byte[] before = a.encode();
    assertThrows(Exhausted.class, a::allocate);
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(a.encode()));
  }
}
