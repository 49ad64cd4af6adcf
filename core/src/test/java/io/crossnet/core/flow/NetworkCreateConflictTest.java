package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import org.junit.jupiter.api.Test;

class NetworkCreateConflictTest extends FlowFixture {

  @Test
  void createdNetworkIsActiveWithAllocatorsAndPlannedObjects() {
    Network n = crossnet.networks().create(nat("web"));
    assertEquals(LifecycleState.ACTIVE, n.state());
    assertEquals("172.17.0.0/16", n.v4().orElseThrow().subnet().toString());
    assertEquals(java.util.List.of("bridge:cn" + n.shortId()), n.objects());
    assertEquals(n, crossnet.networks().get("web"));
    assertTrue(store.read(v -> v.allocator(n.id(), "172.17.0.0/16")).isPresent());
    assertEquals(1, backend.count("createNetwork"));
  }

  @Test
  void duplicateNameIsAlreadyExistsAndChangesNothing() {
    Network first = crossnet.networks().create(nat("web"));
    AlreadyExists e = assertThrows(AlreadyExists.class, () -> crossnet.networks().create(nat("web", "10.9.0.0/24")));
    assertTrue(e.getMessage().contains("web"), e.getMessage());
    assertEquals(java.util.List.of(first), crossnet.networks().list());
    assertEquals(1, backend.count("createNetwork"));
  }

  @Test
  void overlappingSubnetIsAlreadyExistsAndChangesNothing() {
    Network first = crossnet.networks().create(nat("a", "10.9.0.0/16"));
    assertThrows(AlreadyExists.class, () -> crossnet.networks().create(nat("b", "10.9.3.0/24")));
    assertEquals(java.util.List.of(first), crossnet.networks().list());
    assertTrue(crossnet.networks().list().stream().noneMatch(n -> n.name().equals("b")));
  }

  @Test
  void secondDefaultNetworkGetsTheNextPool() {
    crossnet.networks().create(nat("a"));
    Network b = crossnet.networks().create(nat("b"));
    assertEquals("172.18.0.0/16", b.v4().orElseThrow().subnet().toString());
  }
}
