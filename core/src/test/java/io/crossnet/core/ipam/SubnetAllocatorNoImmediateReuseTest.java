package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.crossnet.core.model.IpAddress;
import org.junit.jupiter.api.Test;

/** Like Docker's serial allocator: a released address comes back only after the range wraps. */
class SubnetAllocatorNoImmediateReuseTest {

  @Test
  void releasedAddressIsNotTheNextOneHandedOut() {
    SubnetAllocator s = new SubnetAllocator(subnet("10.91.0.0/24"));
    IpAddress a = s.allocate();
    IpAddress b = s.allocate();
    s.release(a);
    IpAddress c = s.allocate();
    assertNotEquals(a, c);
    assertNotEquals(b, c);
  }

  @Test
  void releasedAddressComesBackOnlyAfterTheRangeWraps() {
    SubnetAllocator s = new SubnetAllocator(subnet("10.91.0.0/29")); // dynamic: .2 .. .6
    IpAddress a = s.allocate();
    s.allocate();
    s.release(a);
    assertEquals(ip("10.91.0.4"), s.allocate());
    assertEquals(ip("10.91.0.5"), s.allocate());
    assertEquals(ip("10.91.0.6"), s.allocate());
    assertEquals(a, s.allocate());
  }

  @Test
  void wrapAtTheTopOfASlash64SkipsTheNetworkAddress() throws Exception {
    // state: cursor two below the top, only the gateway (offset 1) taken
    byte[] state = java.nio.ByteBuffer.allocate(1 + 8 + 4 + 16).put((byte) 1).putLong(-3L).putInt(1).putLong(1).putLong(1).array();
    SubnetAllocator s = SubnetAllocator.decode(subnet("fd00:91::/64"), state);
    assertEquals(ip("fd00:91::ffff:ffff:ffff:fffe"), s.allocate());
    assertEquals(ip("fd00:91::ffff:ffff:ffff:ffff"), s.allocate());
    assertEquals(ip("fd00:91::2"), s.allocate());
  }

  @Test
  void releasedAddressBeforeTheCursorSurvivesARoundTrip() {
    SubnetAllocator s = new SubnetAllocator(subnet("10.91.0.0/29"));
    IpAddress a = s.allocate();
    s.allocate();
    s.release(a);
    SubnetAllocator reloaded = SubnetAllocator.decode(s.subnet(), s.encode());
    assertEquals(ip("10.91.0.4"), reloaded.allocate());
  }
}
