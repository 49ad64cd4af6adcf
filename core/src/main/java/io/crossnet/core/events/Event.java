package io.crossnet.core.events;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.time.Instant;
import java.util.List;

/**
 * One change, small enough to stream: its type, when, the network (id and name) and endpoint it
 * concerns (either may be null), the OS objects involved, and a human {@code detail}. {@code seq}
 * is given by the {@link EventHub} (0 until then) and grows by one per event it publishes, so a
 * subscriber can tell its order; {@code dropped} is non-zero only on a {@link EventType#GAP}.
 */
public record Event(long seq, EventType type, Instant time, String networkId, String networkName, String endpointId,
    List<String> objects, String detail, long dropped) {

  public Event {
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  public static Event ofNetwork(EventType type, Network network, List<String> objects, String detail) {
    return new Event(0, type, Instant.now(), network.id(), network.name(), null, objects, detail, 0);
  }

  public static Event ofEndpoint(EventType type, Network network, Endpoint endpoint, List<String> objects, String detail) {
    return new Event(0, type, Instant.now(), network.id(), network.name(), endpoint.id(), objects, detail, 0);
  }

  /** An event about no particular network, such as an orphan whose owner is unknown. */
  public static Event ofHost(EventType type, List<String> objects, String detail) {
    return new Event(0, type, Instant.now(), null, null, null, objects, detail, 0);
  }

  /** The mark a subscriber gets where {@code dropped} events, the last of them {@code lastSeq}, were not kept for it. */
  static Event gap(long lastSeq, long dropped) {
    return new Event(lastSeq, EventType.GAP, Instant.now(), null, null, null, List.of(),
        dropped + " event(s) dropped: this subscriber read more slowly than changes happened; list the state to catch up", dropped);
  }

  Event withSeq(long s) {
    return new Event(s, type, time, networkId, networkName, endpointId, objects, detail, dropped);
  }
}
