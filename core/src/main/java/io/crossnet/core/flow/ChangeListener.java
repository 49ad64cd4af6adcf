package io.crossnet.core.flow;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;

/**
 * Told of every committed change, right after its durable store write and still under the
 * network's lock, so listeners see one network's changes in order. Discovery keeps its registry
 * this way (a detached name is gone before the detach is answered). The change is already
 * acknowledged when a listener runs: a listener that throws is reported and does not undo it.
 */
public interface ChangeListener {
  ChangeListener NONE = new ChangeListener() {};

  default void networkCreated(Network network) {}

  default void networkDeleted(Network network) {}

  /**
   * Not a committed change: an attach's intent is recorded and the backend is about to make its
   * OS objects. A listener may start preparing what the endpoint will need (on a thread of its
   * own, so that the preparation overlaps the backend's work) but must publish nothing yet.
   * {@link #endpointAttached} or {@link #endpointAbandoned} follows.
   */
  default void endpointPlanned(Network network, Endpoint endpoint) {}

  /** The planned attach failed and was undone: what {@link #endpointPlanned} prepared goes. */
  default void endpointAbandoned(Network network, Endpoint endpoint) {}

  default void endpointAttached(Network network, Endpoint endpoint) {}

  default void endpointDetached(Network network, Endpoint endpoint) {}
}
