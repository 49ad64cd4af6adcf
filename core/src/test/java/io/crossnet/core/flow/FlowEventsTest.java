package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.events.Event;
import io.crossnet.core.events.EventHub;
import io.crossnet.core.events.EventType;
import io.crossnet.core.events.Subscription;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.ports.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the flows and the reconciler publish: one event per committed change, and one per repair, collection and orphan. */
class FlowEventsTest extends FlowFixture {
  EventHub hub;
  Subscription events;
  final List<String> discoveryHeard = new ArrayList<>();

  @BeforeEach
  void wire() {
    hub = new EventHub(64);
    events = hub.subscribe();
    ChangeListener discovery = new ChangeListener() {
      @Override
      public void endpointDetached(Network n, Endpoint e) {
        discoveryHeard.add("detached " + e.shortId());
      }
    };
    crossnet = new Crossnet(store, backend, AddressPools.dockerDefaults(), PortRange.DOCKER_DEFAULT, discovery, hub);
  }

  private List<Event> drain() throws InterruptedException {
    List<Event> out = new ArrayList<>();
    for (Event e; (e = events.next(0, TimeUnit.SECONDS)) != null; ) {
      out.add(e);
    }
    return out;
  }

  private static List<String> types(List<Event> list) {
    return list.stream().map(e -> e.type().wireName()).toList();
  }

  @Test
  void eachCommittedChangeIsOneEventNamingItsNetworkAndEndpoint() throws Exception {
    Network web = crossnet.networks().create(nat("web", "10.9.0.0/24"));
    Endpoint e = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint();
    crossnet.endpoints().attach("web", sandbox("/run/netns/c1")); // a retry changes nothing, so says nothing
    crossnet.endpoints().detach("web", e.id());
    crossnet.networks().delete("web");
    List<Event> got = drain();
    assertEquals(List.of("network-created", "endpoint-attached", "endpoint-detached", "network-deleted"), types(got));
    Event attached = got.get(1);
    assertEquals(web.id(), attached.networkId());
    assertEquals("web", attached.networkName());
    assertEquals(e.id(), attached.endpointId());
    assertEquals(e.objects(), attached.objects());
    assertTrue(attached.detail().contains("10.9.0.2/24"), attached.detail());
    assertEquals(List.of(1L, 2L, 3L, 4L), got.stream().map(Event::seq).toList());
  }

  @Test
  void aFailedAttachPublishesNothing() throws Exception {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    drain();
    backend.failAttach = new BackendFailure("RTM_NEWLINK veth", "EBUSY", null);
    assertThrows(BackendFailure.class, () -> crossnet.endpoints().attach("web", sandbox("/run/netns/c1")));
    assertEquals(List.of(), drain());
  }

  @Test
  void repairsNameWhatWasRepaired() throws Exception {
    Network web = crossnet.networks().create(nat("web", "10.9.0.0/24"));
    Endpoint e = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint();
    drain();
    backend.lost.add(web.id());
    backend.lost.add(e.id());
    crossnet.reconciler().run();
    List<Event> got = drain();
    assertEquals(List.of("repaired", "repaired"), types(got));
    assertEquals(web.id(), got.get(0).networkId());
    assertEquals(null, got.get(0).endpointId(), "the first is the network's");
    assertEquals(web.objects(), got.get(0).objects());
    assertEquals(e.id(), got.get(1).endpointId());
    assertEquals(e.objects(), got.get(1).objects());
    crossnet.reconciler().run();
    assertEquals(List.of(), drain(), "a pass that finds nothing to do says nothing");
  }

  @Test
  void aCollectedEndpointIsDetachedAndSaysWhy() throws Exception {
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    Endpoint e = crossnet.endpoints().attach("web", sandbox("/run/netns/c1")).endpoint();
    drain();
    backend.goneSandboxes.add("/run/netns/c1");
    crossnet.reconciler().run();
    List<Event> got = drain();
    assertEquals(List.of("endpoint-detached", "garbage-collected"), types(got));
    assertEquals(e.id(), got.get(1).endpointId());
    assertTrue(got.get(1).detail().contains("/run/netns/c1 is gone"), got.get(1).detail());
    assertEquals(List.of("detached " + e.shortId()), discoveryHeard, "the other listener still hears the detach");
  }

  @Test
  void aRemovedOrphanIsAnEvent() throws Exception {
    backend.owned.add(new OwnedObject("link", "cnorphan", "f".repeat(64)));
    crossnet.reconciler().run();
    List<Event> got = drain();
    assertEquals(List.of("orphan-removed"), types(got));
    assertEquals(List.of("cnorphan"), got.get(0).objects());
  }

  @Test
  void aListenerThatThrowsDoesNotSilenceTheEvents() throws Exception {
    ChangeListener broken = new ChangeListener() {
      @Override
      public void networkCreated(Network n) {
        throw new IllegalStateException("broken listener");
      }
    };
    crossnet = new Crossnet(store, backend, AddressPools.dockerDefaults(), PortRange.DOCKER_DEFAULT, broken, hub);
    crossnet.networks().create(nat("web", "10.9.0.0/24"));
    assertEquals(List.of("network-created"), types(drain()));
  }
}
