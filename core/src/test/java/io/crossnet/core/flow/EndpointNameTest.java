package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.error.AlreadyExists;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Endpoint names are unique per network, as container names are on a Docker network. */
class EndpointNameTest extends FlowFixture {

  @BeforeEach
  void network() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  @Test
  void aSecondEndpointWithTheSameNameIsRefusedAndAllocatesNothing() {
    crossnet.endpoints().attach("web", new EndpointRequest("/run/netns/c1", "eth0", "api", null, null, null, null));
    assertThrows(AlreadyExists.class, () ->
        crossnet.endpoints().attach("web", new EndpointRequest("/run/netns/c2", "eth0", "api", null, null, null, null)));
    assertEquals(1, backend.count("attach"));
    assertEquals("api", crossnet.endpoints().get("web", "api").name());
    assertEquals("10.9.0.3/24",
        crossnet.endpoints().attach("web", new EndpointRequest("/run/netns/c2", "eth0", "web2", null, null, null, null)).endpoint().ipv4().toString());
  }
}
