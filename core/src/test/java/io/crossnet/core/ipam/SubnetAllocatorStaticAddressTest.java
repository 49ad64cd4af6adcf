package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.fields;
import static io.crossnet.core.ipam.TestSubnets.ip;
import static io.crossnet.core.ipam.TestSubnets.subnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.InvalidRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetAllocatorStaticAddressTest {

  private static SubnetAllocator allocator() {
    return new SubnetAllocator(subnet("10.80.0.0/24", "10.80.0.1", null, Map.of("aux", "10.80.0.200")));
  }

  @Test
  void freeAddressIsTaken() {
    SubnetAllocator a = allocator();
    assertEquals(ip("10.80.0.50"), a.allocate(ip("10.80.0.50"), "ipv4Address"));
    assertTrue(a.isAllocated(ip("10.80.0.50")));
  }

  @Test
  void addressInUseIsAlreadyExists() {
    SubnetAllocator a = allocator();
    a.allocate(ip("10.80.0.50"), "ipv4Address");
    AlreadyExists e = assertThrows(AlreadyExists.class, () -> a.allocate(ip("10.80.0.50"), "ipv4Address"));
    assertTrue(e.getMessage().contains("10.80.0.50"), e.getMessage());
  }

  @Test
  void dynamicallyAllocatedAddressIsAlreadyExistsWhenAskedStatically() {
    SubnetAllocator a = allocator();
    var dynamic = a.allocate();
    assertThrows(AlreadyExists.class, () -> a.allocate(dynamic, "ipv4Address"));
  }

  @ParameterizedTest(name = "{0} is refused ({1})")
  @CsvSource({
      "10.80.0.1, gateway",
      "10.80.0.200, auxiliary",
      "10.80.0.0, network",
      "10.80.0.255, broadcast",
      "10.81.0.5, outside",
  })
  void reservedOrOutsideAddressIsInvalidRequestNamingTheField(String address, String why) {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> allocator().allocate(ip(address), "endpoint.ipv4Address"));
    assertEquals(List.of("endpoint.ipv4Address"), fields(e));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void addressOfTheOtherFamilyIsOutsideTheSubnet() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> allocator().allocate(ip("fd00::5"), "ipv4Address"));
    assertEquals(List.of("ipv4Address"), fields(e));
  }

  @Test
  void refusedStaticAddressLeavesTheAllocatorUnchanged() {
    SubnetAllocator a = allocator();
    byte[] before = a.encode();
    assertThrows(InvalidRequest.class, () -> a.allocate(ip("10.80.0.255"), "ipv4Address"));
    assertThrows(InvalidRequest.class, () -> a.allocate(ip("10.80.0.1"), "ipv4Address"));
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(a.encode()));
  }
}
