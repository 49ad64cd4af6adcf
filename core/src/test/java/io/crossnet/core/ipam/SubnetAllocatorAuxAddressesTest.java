package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.fields;
import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetAllocatorAuxAddressesTest {

  private static SubnetAllocator withAux() {
    return new SubnetAllocator(subnet("10.70.0.0/28", "10.70.0.1", null, Map.of("router", "10.70.0.2", "dns", "10.70.0.9")));
  }

  @Test
  void auxAddressesAreNeverHandedOutDynamically() {
    SubnetAllocator a = withAux();
    Set<IpAddress> seen = new HashSet<>();
    // /28: 16 addresses - network - broadcast - gateway - 2 aux = 11
    for (int i = 0; i < 11; i++) {
      seen.add(a.allocate());
    }
    assertThrows(Exhausted.class, a::allocate);
    assertFalse(seen.contains(ip("10.70.0.2")));
    assertFalse(seen.contains(ip("10.70.0.9")));
    assertEquals(11, seen.size());
  }

  @Test
  void auxAddressAskedStaticallyIsAnInvalidRequestOnThatField() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> withAux().allocate(ip("10.70.0.9"), "ipv4Address"));
    assertEquals(List.of("ipv4Address"), fields(e));
    assertTrue(e.getMessage().contains("auxiliary"), e.getMessage());
  }

  @Test
  void releasingAnAuxAddressKeepsItReserved() {
    SubnetAllocator a = withAux();
    a.release(ip("10.70.0.2"));
    assertTrue(a.isAllocated(ip("10.70.0.2")));
    assertEquals(ip("10.70.0.3"), a.allocate());
  }

  @Test
  void auxAddressOutsideTheSubnetIsIgnoredByTheAllocator() {
    SubnetAllocator a = new SubnetAllocator(subnet("10.70.0.0/30", "10.70.0.1", null, Map.of("far", "10.99.0.1")));
    assertEquals(ip("10.70.0.2"), a.allocate());
  }
}
