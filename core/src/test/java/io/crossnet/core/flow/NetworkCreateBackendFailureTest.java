package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkCreateBackendFailureTest extends FlowFixture {

  @Test
  void failedCreateIsUndoneInTheBackendAndTheStore() {
    BackendFailure failure = new BackendFailure("RTM_NEWLINK bridge", "EPERM", "test");
    backend.failCreateNetwork = failure;

    BackendFailure thrown = assertThrows(BackendFailure.class, () -> crossnet.networks().create(nat("web", "10.9.0.0/24")));
    assertSame(failure, thrown);

    assertEquals(1, backend.count("createNetwork"));
    String id = backend.calls.stream().filter(c -> c.startsWith("createNetwork ")).findFirst().orElseThrow().substring(14);
    assertTrue(backend.calls.contains("deleteNetwork " + id), backend.calls.toString());
    assertTrue(storeIsEmpty());
    assertTrue(store.read(v -> v.allocator(id, "10.9.0.0/24")).isEmpty());
  }

  @Test
  void nameAndSubnetAreFreeAgainAfterAFailedCreate() {
    backend.failCreateNetwork = new BackendFailure("RTM_NEWLINK bridge", "EEXIST", null);
    assertThrows(BackendFailure.class, () -> crossnet.networks().create(nat("web", "10.9.0.0/24")));
    backend.failCreateNetwork = null;
    Network n = crossnet.networks().create(nat("web", "10.9.0.0/24"));
    assertEquals(List.of(n), crossnet.networks().list());
  }
}
