package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointAttachBackendFailureTest extends FlowFixture {
  Network web;

  @BeforeEach
  void network() {
    web = crossnet.networks().create(nat("web", "10.9.0.0/24"));
  }

  private SubnetAllocator allocator() {
    return SubnetAllocator.decode(web.v4().orElseThrow(), store.read(v -> v.allocator(web.id(), "10.9.0.0/24")).orElseThrow());
  }

  @Test
  void failedAttachFreesTheAddressAndLeavesNoRecord() {
    BackendFailure failure = new BackendFailure("RTM_NEWLINK veth", "ENOSPC", null);
    backend.failAttach = failure;
    assertSame(failure, assertThrows(BackendFailure.class,
        () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c1", "10.9.0.50"))));

    assertFalse(allocator().isAllocated(IpAddress.parse("t", "10.9.0.50")));
    assertEquals(1, allocator().allocatedCount()); // only the gateway
    assertTrue(store.read(v -> v.allEndpoints()).isEmpty());
    String id = backend.calls.stream().filter(c -> c.startsWith("attach ")).findFirst().orElseThrow().substring(7);
    assertTrue(backend.calls.contains("detach " + id), backend.calls.toString());
  }

  @Test
  void attachSucceedsOnRetryAfterAFailure() {
    backend.failAttach = new BackendFailure("RTM_NEWLINK veth", "EBUSY", null);
    assertThrows(BackendFailure.class, () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c1")));
    backend.failAttach = null;
    var attached = crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    assertTrue(attached.created());
    assertEquals(1, crossnet.endpoints().list("web").size());
  }
}
