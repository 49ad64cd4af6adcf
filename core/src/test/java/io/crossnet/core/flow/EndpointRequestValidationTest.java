package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.NotFound;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointRequestValidationTest extends FlowFixture {

  @BeforeEach
  void network() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  @AfterEach
  void nothingAttached() {
    assertTrue(store.read(v -> v.allEndpoints()).isEmpty());
    assertEquals(0, backend.count("attach"));
  }

  private InvalidRequest rejected(EndpointRequest r) {
    return assertThrows(InvalidRequest.class, () -> crossnet.endpoints().attach("web", r));
  }

  @Test
  void everyBadFieldIsReportedTogether() {
    InvalidRequest e = rejected(new EndpointRequest("/etc/passwd", "lo", "-x", List.of("ok", "bad alias"), "fd00::1",
        "10.0.0.1", "01:00:5e:00:00:01"));
    assertEquals(List.of("sandbox", "interface", "name", "aliases[1]", "ipv4Address", "ipv6Address", "macAddress"), fields(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"00:00:00:00:00:00", "03:00:00:00:00:01", "02:42:0a", "02-42-0a-32-00-02", "zz:42:0a:32:00:02"})
  void badMacIsTheMacAddressField(String mac) {
    assertEquals(List.of("macAddress"), fields(rejected(new EndpointRequest("/run/netns/c1", null, null, null, null, null, mac))));
  }

  @Test
  void tooManyAliasesIsTheAliasesField() {
    List<String> aliases = java.util.stream.IntStream.range(0, 33).mapToObj(i -> "a" + i).toList();
    assertEquals(List.of("aliases"), fields(rejected(new EndpointRequest("/run/netns/c1", null, null, aliases, null, null, null))));
  }

  @Test
  void unknownNetworkIsNotFound() {
    assertThrows(NotFound.class, () -> crossnet.endpoints().attach("nope", sandbox("/run/netns/c1")));
  }
}
