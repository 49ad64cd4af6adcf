package io.crossnet.core.ipam;

import static io.crossnet.core.ipam.TestSubnets.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubnetPlannerFieldErrorsTest {

  private static InvalidRequest refused(PoolRequest... asked) {
    return assertThrows(InvalidRequest.class,
        () -> SubnetPlanner.plan(Arrays.asList(asked), true, List.of(), AddressPools.dockerDefaults()));
  }

  @ParameterizedTest(name = "subnet {0}")
  @CsvSource({"10.0.0.0", "10.0.0.0/33", "10.0.0.256/24", "bogus/24", "::1::/64", "10.0.0.0/x"})
  void badCidrNamesTheSubnetField(String subnet) {
    assertEquals(List.of("ipam.config[0].subnet"), fields(refused(new PoolRequest(subnet, null, null, null))));
  }

  @Test
  void missingSubnetNamesTheSubnetField() {
    assertEquals(List.of("ipam.config[0].subnet"), fields(refused(new PoolRequest(null, "10.0.0.1", null, null))));
  }

  @Test
  void hostBitsSetAreRefusedWithTheNetworkSuggested() {
    InvalidRequest e = refused(new PoolRequest("10.5.0.1/24", null, null, null));
    assertEquals(List.of("ipam.config[0].subnet"), fields(e));
    assertTrue(e.errors().get(0).message().contains("10.5.0.0/24"), e.getMessage());
  }

  @ParameterizedTest(name = "subnet {0}")
  @CsvSource({"10.5.0.0/31", "10.5.0.0/32", "fd00::/127"})
  void subnetWithoutRoomForGatewayAndEndpointIsRefused(String subnet) {
    assertEquals(List.of("ipam.config[0].subnet"), fields(refused(new PoolRequest(subnet, null, null, null))));
  }

  @ParameterizedTest(name = "subnet {0}")
  @CsvSource({"0.0.0.0/0", "8.0.0.0/7", "::/0", "fd00::/31", "127.0.0.0/24", "0.0.0.0/16", "169.254.3.0/24",
      "224.0.0.0/24", "240.0.0.0/8", "fe80::/64", "ff02::/64", "::/64"})
  void subnetTooLargeOrReservedIsRefused(String subnet) {
    InvalidRequest e = refused(new PoolRequest(subnet, null, null, null));
    assertEquals(List.of("ipam.config[0].subnet"), fields(e));
  }

  @ParameterizedTest(name = "gateway {0}")
  @CsvSource({"10.6.0.1", "10.5.0.0", "10.5.0.255", "fd00::1", "not-an-ip", "''"})
  void badGatewayNamesTheGatewayField(String gateway) {
    assertEquals(List.of("ipam.config[0].gateway"), fields(refused(new PoolRequest("10.5.0.0/24", gateway, null, null))));
  }

  @ParameterizedTest(name = "ipRange {0}")
  @CsvSource({"10.6.0.0/25", "10.0.0.0/8", "10.5.0.1/25", "10.5.0.0/33", "fd00::/120"})
  void badIpRangeNamesTheIpRangeField(String range) {
    assertEquals(List.of("ipam.config[0].ipRange"), fields(refused(new PoolRequest("10.5.0.0/24", null, range, null))));
  }

  @Test
  void v6IpRangeBeyondTheFirstSlash64IsRefused() {
    assertEquals(List.of("ipam.config[0].ipRange"),
        fields(refused(new PoolRequest("fd00:5::/48", null, "fd00:5:0:1::/64", null))));
  }

  @Test
  void badAuxAddressesNameTheirKeys() {
    Map<String, String> aux = new HashMap<>();
    aux.put("out", "10.9.0.1");
    aux.put("bad name", "10.5.0.3");
    aux.put("bcast", "10.5.0.255");
    aux.put("ok", "10.5.0.4");
    InvalidRequest e = refused(new PoolRequest("10.5.0.0/24", null, null, aux));
    assertEquals(List.of("ipam.config[0].auxAddresses.bad name", "ipam.config[0].auxAddresses.bcast",
        "ipam.config[0].auxAddresses.out"), fields(e));
  }

  @Test
  void auxAddressOnTheGatewayIsRefused() {
    InvalidRequest e = refused(new PoolRequest("10.5.0.0/24", null, null, Map.of("gw", "10.5.0.1")));
    assertEquals(List.of("ipam.config[0].auxAddresses.gw"), fields(e));
  }

  @Test
  void everyProblemOfEveryItemIsReportedTogether() {
    InvalidRequest e = refused(
        new PoolRequest("10.5.0.0/24", "10.6.0.1", "10.7.0.0/24", null),
        null,
        new PoolRequest("fd00::/64x", null, null, null));
    assertEquals(List.of("ipam.config[0].gateway", "ipam.config[0].ipRange", "ipam.config[1]", "ipam.config[2].subnet"),
        fields(e));
  }

  @Test
  void nullAuxNameIsAFieldErrorNotACrash() {
    Map<String, String> aux = new HashMap<>();
    aux.put(null, "10.5.0.3");
    assertEquals(List.of("ipam.config[0].auxAddresses.null"), fields(refused(new PoolRequest("10.5.0.0/24", null, null, aux))));
  }

  @Test
  void tooManyAuxAddressesIsTheAuxAddressesField() {
    Map<String, String> aux = new HashMap<>();
    for (int i = 0; i < SubnetPlanner.MAX_AUX + 1; i++) {
      aux.put("a" + i, "10.5.0." + (i + 2));
    }
    assertEquals(List.of("ipam.config[0].auxAddresses"), fields(refused(new PoolRequest("10.5.0.0/24", null, null, aux))));
  }
}
