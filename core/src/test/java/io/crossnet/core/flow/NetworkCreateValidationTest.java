package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A rejected create names the fields at fault and leaves no record and no backend object behind. */
class NetworkCreateValidationTest extends FlowFixture {

  private InvalidRequest rejected(NetworkRequest r) {
    return assertThrows(InvalidRequest.class, () -> crossnet.networks().create(r));
  }

  @AfterEach
  void nothingWasRecordedOrCreated() {
    assertTrue(storeIsEmpty(), "a rejected request left records");
    assertEquals(0, backend.count("createNetwork"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-net", "my net", "a/b", "x\ny"})
  void badNameIsTheNameField(String name) {
    assertEquals(List.of("name"), fields(rejected(nat(name))));
  }

  @Test
  void tooLongNameIsTheNameField() {
    assertEquals(List.of("name"), fields(rejected(nat("n".repeat(64)))));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"NAT", "ipvlan", "weave"})
  void unknownOrMissingDriverIsTheDriverField(String driver) {
    assertEquals(List.of("driver"), fields(rejected(request("net", driver, null, null))));
  }

  @Test
  void knownDriverThisBackendLacksIsUnsupported() {
    Unsupported e = assertThrows(Unsupported.class, () -> crossnet.networks().create(request("net", "macvlan", null, null)));
    assertTrue(e.getMessage().contains("macvlan"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "mtu, abc", "mtu, 67", "mtu, 65536", "mtu, -1", "mtu, 1e3", "mtu, 9999999999",
      "vlan, 0", "vlan, 4095", "vni, 16777216",
      "masquerade, yes", "icc, TRUE",
      "bridgeName, bridge-name-too-long", "bridgeName, br/0", "parent, 'eth0 '",
      "hostIp, 1.2.3", "mode, l3",
      "unknown, x",
  })
  void badOptionIsItsOwnField(String key, String value) {
    assertEquals(List.of("options." + key), fields(rejected(request("net", "nat", Map.of(key, value), null))));
  }

  @Test
  void nullOptionValueIsItsOwnField() {
    Map<String, String> options = new HashMap<>();
    options.put("mtu", null);
    assertEquals(List.of("options.mtu"), fields(rejected(request("net", "nat", options, null))));
  }

  @Test
  void masqueradeOnAnInternalNetworkIsRefused() {
    InvalidRequest e = rejected(new NetworkRequest("net", "nat", null, Map.of("masquerade", "true"), null, true, false, null));
    assertEquals(List.of("options.masquerade"), fields(e));
  }

  @Test
  void badLabelKeyAndValueAreTheirOwnFields() {
    assertEquals(List.of("labels.-bad"), fields(rejected(request("net", "nat", null, Map.of("-bad", "v")))));
    assertEquals(List.of("labels.ok"), fields(rejected(request("net", "nat", null, Map.of("ok", "tab\there")))));
    assertEquals(List.of("labels.big"), fields(rejected(request("net", "nat", null, Map.of("big", "v".repeat(1025))))));
  }

  @Test
  void tooManyLabelsIsTheLabelsField() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < 65; i++) {
      labels.put("k" + i, "v");
    }
    assertEquals(List.of("labels"), fields(rejected(request("net", "nat", null, labels))));
  }

  @Test
  void badScopeIsTheScopeField() {
    assertEquals(List.of("scope"), fields(rejected(new NetworkRequest("net", "nat", null, null, null, false, false, "swarm"))));
  }

  @Test
  void everyProblemIsReportedTogether() {
    InvalidRequest e = rejected(new NetworkRequest("-bad", "nope", null, Map.of("mtu", "1"), Map.of("k", "\u0000"), false, false,
        "planet"));
    assertEquals(List.of("name", "driver", "options.mtu", "labels.k", "scope"), fields(e));
    assertTrue(e.getMessage().contains("5 invalid fields"), e.getMessage());
  }

  @Test
  void badIpamIsReportedByFieldPath() {
    InvalidRequest e = rejected(new NetworkRequest("net", "nat",
        List.of(new PoolRequest("10.0.0.0/24", "10.1.0.1", null, null), new PoolRequest("fd00::/64", null, "fe80::/120", null)),
        null, null, false, true, null));
    assertEquals(List.of("ipam.config[0].gateway", "ipam.config[1].ipRange"), fields(e));
  }
}
