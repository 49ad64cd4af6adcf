package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubnetAllocatorReleaseTest {

  @Test
  void releasingTheGatewayKeepsItReserved() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.93.0.0/30"));
    a.release(ip("10.93.0.1"));
    assertTrue(a.isAllocated(ip("10.93.0.1")));
    assertEquals(ip("10.93.0.2"), a.allocate());
  }

  @Test
  void releasingUnknownOrForeignAddressesChangesNothing() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.93.0.0/24"));
    a.allocate();
    long before = a.allocatedCount();
    a.release(ip("10.93.0.77"));
    a.release(ip("10.94.0.2"));
    a.release(ip("fd00::2"));
    a.release(ip("10.93.0.0"));
    assertEquals(before, a.allocatedCount());
    assertTrue(a.isAllocated(ip("10.93.0.2")));
  }

  @Test
  void addressBeyondTheFirstSlash64OfAWideSubnetDoesNotAliasAnAllocatedOne() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:93::/48"));
    assertEquals(ip("fd00:93::2"), a.allocate());
    // same low 64 bits, different /64: a different address that was never allocated
    assertFalse(a.isAllocated(ip("fd00:93:0:1::2")));
    a.release(ip("fd00:93:0:1::2"));
    assertTrue(a.isAllocated(ip("fd00:93::2")), "releasing an unrelated address freed fd00:93::2");
  }
}
