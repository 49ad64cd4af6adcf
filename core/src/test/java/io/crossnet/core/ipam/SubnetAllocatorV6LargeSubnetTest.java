package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A /64 (and wider) is handled as ranges: no per-address state, no scan. */
class SubnetAllocatorV6LargeSubnetTest {

  @Test
  void tenThousandAllocationsInASlash64StayOneRangeWhenEncoded() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:1::/64"));
    Set<IpAddress> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertTrue(seen.add(a.allocate()));
    }
    assertEquals(ip("fd00:1::2"), seen.stream().min(IpAddress::compareTo).orElseThrow());
    assertEquals(ip("fd00:1::2711"), seen.stream().max(IpAddress::compareTo).orElseThrow());
    assertEquals(10_001, a.allocatedCount()); // gateway included
    // format byte + cursor + count + a few (start, end) pairs; nothing proportional to the count
    assertTrue(a.encode().length <= 1 + 8 + 4 + 16 * 4, "encoded " + a.encode().length + " bytes");
  }

  @Test
  void releasesInsideALargeRunCostOneRangeEach() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:1::/64"));
    for (int i = 0; i < 10_000; i++) {
      a.allocate();
    }
    a.release(ip("fd00:1::100"));
    a.release(ip("fd00:1::200"));
    assertTrue(a.encode().length <= 1 + 8 + 4 + 16 * 3, "encoded " + a.encode().length + " bytes");
    assertFalse(a.isAllocated(ip("fd00:1::100")));
  }

  @Test
  void widerThanSlash64UsesTheFirstTwoToTheSixtyFourAddresses() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:2::/48"));
    assertEquals(ip("fd00:2::2"), a.allocate());
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> a.allocate(ip("fd00:2:0:1::5"), "ipv6Address"));
    assertEquals("ipv6Address", e.errors().get(0).field());
  }

  @Test
  void slash64HasNoBroadcastSoTheLastAddressIsUsable() {
    SubnetAllocator a = new SubnetAllocator(subnet("fd00:3::/64"));
    IpAddress last = ip("fd00:3::ffff:ffff:ffff:ffff");
    assertEquals(last, a.allocate(last, "ipv6Address"));
    assertTrue(a.isAllocated(last));
  }
}
