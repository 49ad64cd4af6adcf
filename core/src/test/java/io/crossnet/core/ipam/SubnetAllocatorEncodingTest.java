package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Subnet;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubnetAllocatorEncodingTest {

  @Test
  void roundTripKeepsAllocationsReservationsAndCursor() {
    Subnet sub = subnet("10.92.0.0/24", "10.92.0.1", "10.92.0.0/25", Map.of("aux", "10.92.0.3"));
    SubnetAllocator a = new SubnetAllocator(sub);
    a.allocate();                                   // .2
    a.allocate();                                   // .4 (aux .3 skipped)
    a.allocate(ip("10.92.0.200"), "ipv4Address");   // static, outside the range
    a.allocate();                                   // .5
    a.release(ip("10.92.0.4"));

    SubnetAllocator b = SubnetAllocator.decode(sub, a.encode());
    assertArrayEquals(a.encode(), b.encode());
    for (int i = 0; i < 256; i++) {
      var x = ip("10.92.0." + i);
      assertEquals(a.isAllocated(x), b.isAllocated(x), x.toString());
    }
    assertTrue(b.isAllocated(ip("10.92.0.200")));
    assertTrue(b.isAllocated(ip("10.92.0.3")));
    assertFalse(b.isAllocated(ip("10.92.0.4")));
    assertEquals(a.allocatedCount(), b.allocatedCount());
    // the cursor came along: both continue after .5, not at the released .4
    assertEquals(ip("10.92.0.6"), b.allocate());
    assertEquals(ip("10.92.0.6"), a.allocate());
  }

  @Test
  void freshAllocatorRoundTripStartsAtTheBeginningOfTheRange() {
    Subnet sub = subnet("fd00:92::/64", "fd00:92::1", "fd00:92::100/120", Map.of());
    SubnetAllocator b = SubnetAllocator.decode(sub, new SubnetAllocator(sub).encode());
    assertEquals(ip("fd00:92::100"), b.allocate());
  }

  @Test
  void unknownFormatIsRefused() {
    byte[] state = new SubnetAllocator(subnet("10.92.0.0/24")).encode();
    state[0] = 9;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SubnetAllocator.decode(subnet("10.92.0.0/24"), state));
    assertTrue(e.getMessage().contains("format"), e.getMessage());
  }

  @Test
  void truncatedStateIsRefused() {
    byte[] state = new SubnetAllocator(subnet("10.92.0.0/24")).encode();
    byte[] cut = java.util.Arrays.copyOf(state, state.length - 3);
    assertThrows(UncheckedIOException.class, () -> SubnetAllocator.decode(subnet("10.92.0.0/24"), cut));
  }
}
