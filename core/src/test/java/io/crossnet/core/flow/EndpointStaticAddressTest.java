package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.InvalidRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointStaticAddressTest extends FlowFixture {

  @BeforeEach
  void network() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  @Test
  void staticAddressIsUsed() {
    assertEquals("10.9.0.50/24",
        crossnet.endpoints().attach("web", sandbox("/run/netns/c1", "10.9.0.50")).endpoint().ipv4().toString());
  }

  @Test
  void takenStaticAddressIsAlreadyExistsAndRecordsNothing() {
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1", "10.9.0.50"));
    assertThrows(AlreadyExists.class, () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c2", "10.9.0.50")));
    assertEquals(1, crossnet.endpoints().list("web").size());
    assertEquals(1, backend.count("attach"));
  }

  @Test
  void gatewayAsStaticAddressIsInvalidOnIpv4Address() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c1", "10.9.0.1")));
    assertEquals(List.of("ipv4Address"), fields(e));
    assertTrue(crossnet.endpoints().list("web").isEmpty());
  }

  @Test
  void staticV6OnAV4OnlyNetworkIsInvalidOnIpv6Address() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> crossnet.endpoints().attach("web",
        new EndpointRequest("/run/netns/c1", null, null, null, null, "fd00::5", null)));
    assertEquals(List.of("ipv6Address"), fields(e));
    assertTrue(crossnet.endpoints().list("web").isEmpty());
  }
}
