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

  default void endpointAttached(Network network, Endpoint endpoint) {}

  default void endpointDetached(Network network, Endpoint endpoint) {}
}
