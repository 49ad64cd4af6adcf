package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.error.Exhausted;
import io.crossnet.core.ipam.AddressPools.PoolSpec;
import io.crossnet.core.model.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPoolsTest {
  private final AddressPools pools = AddressPools.dockerDefaults();

  @Test
  void firstDefaultIsDockersBridgeSubnet() {
    assertEquals(prefix("172.17.0.0/16"), pools.nextFree(true, List.of()));
  }

  @Test
  void usedSubnetsAreSkippedInOrder() {
    assertEquals(prefix("172.18.0.0/16"), pools.nextFree(true, List.of(prefix("172.17.0.0/16"))));
    assertEquals(prefix("172.20.0.0/16"),
        pools.nextFree(true, List.of(prefix("172.17.0.0/16"), prefix("172.18.0.0/16"), prefix("172.19.0.0/16"))));
  }

  @Test
  void aSmallSubnetInUseBlocksItsWholeSlash16() {
    assertEquals(prefix("172.18.0.0/16"), pools.nextFree(true, List.of(prefix("172.17.9.0/24"))));
  }

  @Test
  void aLargeSubnetInUseIsSkippedInOneStep() {
    assertEquals(prefix("192.168.0.0/20"), pools.nextFree(true, List.of(prefix("172.16.0.0/12"))));
  }

  @Test
  void after172SlashSixteensAreUsedSlash20sOf192168Follow() {
    List<IpPrefix> used = new ArrayList<>();
    for (int i = 17; i <= 31; i++) {
      used.add(prefix("172." + i + ".0.0/16"));
    }
    assertEquals(prefix("192.168.0.0/20"), pools.nextFree(true, used));
    used.add(prefix("192.168.0.0/20"));
    assertEquals(prefix("192.168.16.0/20"), pools.nextFree(true, used));
  }

  @Test
  void unrelatedSubnetsInUseDoNotMatter() {
    assertEquals(prefix("172.17.0.0/16"),
        pools.nextFree(true, List.of(prefix("10.0.0.0/8"), prefix("fd5c:c0de:c0de::/64"), prefix("172.16.0.0/16"))));
  }

  @Test
  void v6DefaultsAreSlash64sOfTheUniqueLocalSlash48() {
    assertEquals(prefix("fd5c:c0de:c0de::/64"), pools.nextFree(false, List.of()));
    assertEquals(prefix("fd5c:c0de:c0de:1::/64"), pools.nextFree(false, List.of(prefix("fd5c:c0de:c0de::/64"))));
    assertEquals(prefix("fd5c:c0de:c0de:2::/64"),
        pools.nextFree(false, List.of(prefix("fd5c:c0de:c0de::/63"), prefix("172.17.0.0/16"))));
  }

  @Test
  void allDefaultV4PoolsUsedIsExhausted() {
    assertThrows(Exhausted.class, () -> pools.nextFree(true, List.of(prefix("172.16.0.0/12"), prefix("192.168.0.0/16"))));
  }

  @Test
  void allDefaultV6PoolsUsedIsExhausted() {
    assertThrows(Exhausted.class, () -> pools.nextFree(false, List.of(prefix("fd5c:c0de:c0de::/48"))));
  }

  @Test
  void poolAtTheTopOfTheAddressSpaceEndsInsteadOfWrapping() {
    AddressPools top = new AddressPools(List.of(PoolSpec.parse("255.255.255.0/24:25")));
    assertEquals(prefix("255.255.255.128/25"), top.nextFree(true, List.of(prefix("255.255.255.0/25"))));
    assertThrows(Exhausted.class, () -> top.nextFree(true, List.of(prefix("255.255.255.0/25"), prefix("255.255.255.128/25"))));
  }

  @Test
  void poolWithoutSubnetsOfTheFamilyIsExhausted() {
    AddressPools v4Only = new AddressPools(List.of(PoolSpec.parse("10.10.0.0/16:24")));
    assertThrows(Exhausted.class, () -> v4Only.nextFree(false, List.of()));
  }

  @Test
  void poolSpecParsesSizeAndDefaultsItToTheBaseLength() {
    assertEquals(new PoolSpec(prefix("10.10.0.0/16"), 24), PoolSpec.parse("10.10.0.0/16:24"));
    assertEquals(new PoolSpec(prefix("10.10.0.0/16"), 16), PoolSpec.parse("10.10.0.0/16"));
    assertEquals(new PoolSpec(prefix("fd00::/48"), 48), PoolSpec.parse("fd00::/48"));
    assertEquals(new PoolSpec(prefix("fd00::/48"), 64), PoolSpec.parse("fd00::/48:64"));
  }

  @Test
  void poolSpecSizeOutsideTheBaseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PoolSpec.parse("10.10.0.0/16:8"));
    assertThrows(IllegalArgumentException.class, () -> PoolSpec.parse("10.10.0.0/16:33"));
  }
}
