package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointDetachTest extends FlowFixture {
  Network web;

  @BeforeEach
  void network() {
    web = crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  private boolean allocated(String address) {
    byte[] state = store.read(v -> v.allocator(web.id(), "10.9.0.0/24")).orElseThrow();
    return SubnetAllocator.decode(web.v4().orElseThrow(), state).isAllocated(IpAddress.parse("t", address));
  }

  @Test
  void detachFreesTheAddressAndRemovesTheRecord() {
    Endpoint e = crossnet.endpoints().attach("web", sandbox("/run/netns/c1", "10.9.0.50")).endpoint();
    assertTrue(allocated("10.9.0.50"));
    crossnet.endpoints().detach("web", e.id());
    assertTrue(!allocated("10.9.0.50"));
    assertTrue(crossnet.endpoints().list("web").isEmpty());
    assertTrue(backend.calls.contains("detach " + e.id()));
    assertThrows(NotFound.class, () -> crossnet.endpoints().get("web", e.id()));
    // the freed address can be asked for again
    assertEquals("10.9.0.50/24",
        crossnet.endpoints().attach("web", sandbox("/run/netns/c2", "10.9.0.50")).endpoint().ipv4().toString());
  }

  @Test
  void detachByNameAndThenTheNetworkCanBeDeleted() {
    crossnet.endpoints().attach("web", new EndpointRequest("/run/netns/c1", null, "app", null, null, null, null));
    assertThrows(AlreadyExists.class, () -> crossnet.networks().delete("web"));
    crossnet.endpoints().detach("web", "app");
    crossnet.networks().delete("web");
    assertTrue(storeIsEmpty());
  }

  @Test
  void reattachAfterDetachIsCreatedAgain() {
    Endpoint e = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint();
    crossnet.endpoints().detach("web", e.id());
    assertTrue(crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).created());
  }
}
