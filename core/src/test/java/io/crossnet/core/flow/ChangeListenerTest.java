package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listeners hear of committed changes only, in order, and cannot undo them by failing. */
class ChangeListenerTest extends FlowFixture {
  final List<String> heard = new ArrayList<>();
  boolean explode;

  @BeforeEach
  void listen() {
    crossnet = new Crossnet(store, backend, AddressPools.dockerDefaults(), new ChangeListener() {
      @Override
      public void networkCreated(Network n) {
        record("created " + n.name() + " " + n.state());
      }

      @Override
      public void networkDeleted(Network n) {
        record("deleted " + n.name());
      }

      @Override
      public void endpointAttached(Network n, Endpoint e) {
        record("attached " + e.sandbox() + " " + e.state() + " on " + n.name());
      }

      @Override
      public void endpointDetached(Network n, Endpoint e) {
        record("detached " + e.sandbox() + " from " + n.name());
      }
    });
  }

  private void record(String event) {
    heard.add(event);
    if (explode) {
      throw new IllegalStateException("listener broke");
    }
  }

  @Test
  void hearsEachCommittedChangeOnceInOrder() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    String id = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint().id();
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1")); // a retry changes nothing
    crossnet.endpoints().detach("web", id);
    crossnet.networks().delete("web");
    assertEquals(List.of("created web ACTIVE", "attached /run/netns/c1 ACTIVE on web", "detached /run/netns/c1 from web",
        "deleted web"), heard);
  }

  @Test
  void hearsNothingOfAFailedAttach() {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    backend.failAttach = new BackendFailure("RTM_NEWLINK veth", "EBUSY", null);
    assertThrows(BackendFailure.class, () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c1")));
    assertEquals(List.of("created web ACTIVE"), heard);
  }

  @Test
  void aFailingListenerDoesNotUndoTheChange() {
    explode = true;
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1"));
    assertEquals(1, crossnet.endpoints().list("web").size());
  }
}
