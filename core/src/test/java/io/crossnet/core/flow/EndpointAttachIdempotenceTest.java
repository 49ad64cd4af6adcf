package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.flow.Endpoints.Attached;
import io.crossnet.core.model.LifecycleState;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointAttachIdempotenceTest extends FlowFixture {

  @BeforeEach
  void network() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  @Test
  void secondIdenticalAttachReturnsTheSameEndpointWithCreatedFalse() {
    Attached first = crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    Attached second = crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    assertTrue(first.created());
    assertFalse(second.created());
    assertEquals(first.endpoint(), second.endpoint());
    assertEquals(LifecycleState.ACTIVE, second.endpoint().state());
    assertEquals("10.9.0.2/24", first.endpoint().ipv4().toString());
    assertEquals(1, backend.count("attach"));
    assertEquals(1, crossnet.endpoints().list("web").size());
  }

  @Test
  void varRunAndRunPathsAreTheSameSandbox() {
    Attached first = crossnet.endpoints().attach("web", sandbox("/var/run/netns/c1"));
    Attached second = crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    assertFalse(second.created());
    assertEquals(first.endpoint().id(), second.endpoint().id());
  }

  @Test
  void anotherInterfaceOrSandboxIsANewEndpoint() {
    Attached a = crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    Attached b = crossnet.endpoints().attach("web",
        new EndpointRequest("/run/netns/c1", "eth1", null, null, null, null, null));
    Attached c = crossnet.endpoints().attach("web", sandbox("/run/netns/c2"));
    assertTrue(b.created() && c.created());
    assertEquals(3, List.of(a.endpoint().ipv4(), b.endpoint().ipv4(), c.endpoint().ipv4()).stream().distinct().count());
    assertNotEquals(a.endpoint().id(), b.endpoint().id());
  }

  @Test
  void retriedAttachDoesNotAllocateAgain() {
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    assertEquals("10.9.0.3/24", crossnet.endpoints().attach("web", sandbox("/run/netns/c2")).endpoint().ipv4().toString());
  }
}
