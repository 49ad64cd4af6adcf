package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.fields;
import static io.crossnet.core.ipam.TestSubnets.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.model.Subnet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPlannerOverlapTest {
  private static final AddressPools POOLS = AddressPools.dockerDefaults();

  private static PoolRequest pool(String subnet) {
    return new PoolRequest(subnet, null, null, null);
  }

  @Test
  void subnetInsideOneInUseIsAlreadyExists() {
    AlreadyExists e = assertThrows(AlreadyExists.class,
        () -> SubnetPlanner.plan(List.of(pool("10.1.2.0/24")), false, List.of(prefix("10.1.0.0/16")), POOLS));
    assertTrue(e.getMessage().contains("ipam.config[0].subnet"), e.getMessage());
    assertTrue(e.getMessage().contains("10.1.0.0/16"), e.getMessage());
  }

  @Test
  void subnetContainingOneInUseIsAlreadyExists() {
    assertThrows(AlreadyExists.class,
        () -> SubnetPlanner.plan(List.of(pool("10.0.0.0/8")), false, List.of(prefix("10.200.1.0/24")), POOLS));
  }

  @Test
  void overlapOfTheSecondItemNamesTheSecondItem() {
    AlreadyExists e = assertThrows(AlreadyExists.class, () -> SubnetPlanner.plan(
        List.of(pool("10.1.0.0/24"), pool("fd00:1::/64")), true, List.of(prefix("fd00:1::/48")), POOLS));
    assertTrue(e.getMessage().contains("ipam.config[1].subnet"), e.getMessage());
  }

  @Test
  void adjacentSubnetsDoNotOverlap() {
    List<Subnet> s = SubnetPlanner.plan(List.of(pool("10.1.1.0/24")), false,
        List.of(prefix("10.1.0.0/24"), prefix("10.1.2.0/24"), prefix("fd00::/8")), POOLS);
    assertEquals(prefix("10.1.1.0/24"), s.get(0).subnet());
  }

  @Test
  void twoAskedSubnetsOfOneFamilyAreRefusedEvenWhenDisjoint() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> SubnetPlanner.plan(
        List.of(pool("10.1.0.0/24"), pool("10.2.0.0/24")), false, List.of(), POOLS));
    assertEquals(List.of("ipam.config[1].subnet"), fields(e));
  }

  @Test
  void twoOverlappingAskedSubnetsOfOneFamilyAreRefused() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> SubnetPlanner.plan(
        List.of(pool("fd00:1::/64"), pool("fd00:1::/48")), true, List.of(), POOLS));
    assertEquals(List.of("ipam.config[1].subnet"), fields(e));
  }

  @Test
  void oneV4AndOneV6AreAccepted() {
    List<Subnet> s = SubnetPlanner.plan(List.of(pool("fd00:1::/64"), pool("10.1.0.0/24")), true, List.of(), POOLS);
    assertEquals(2, s.size());
    assertTrue(s.stream().anyMatch(Subnet::isV4));
    assertTrue(s.stream().anyMatch(x -> !x.isV4()));
  }

  @Test
  void defaultPoolSubnetAvoidsSubnetsInUse() {
    List<Subnet> s = SubnetPlanner.plan(List.of(), false, List.of(prefix("172.17.0.0/16")), POOLS);
    assertEquals(prefix("172.18.0.0/16"), s.get(0).subnet());
  }
}
