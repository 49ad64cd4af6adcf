package io.crossnet.core.flow;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.lang.System.Logger.Level;
import java.util.List;

/** Calls the listener, and logs rather than fails when it throws: the change it hears of is committed. */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private Listeners() {}

  static void tell(String what, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "change listener failed on " + what, e);
    }
  }

  /** One listener that tells each of {@code listeners} in turn; one that throws does not keep the others from hearing. */
  static ChangeListener all(List<ChangeListener> listeners) {
    List<ChangeListener> each = List.copyOf(listeners);
    return new ChangeListener() {
      @Override
      public void networkCreated(Network n) {
        each.forEach(l -> tell("network created", () -> l.networkCreated(n)));
      }

      @Override
      public void networkDeleted(Network n) {
        each.forEach(l -> tell("network deleted", () -> l.networkDeleted(n)));
      }

      @Override
      public void endpointPlanned(Network n, Endpoint e) {
        each.forEach(l -> tell("endpoint planned", () -> l.endpointPlanned(n, e)));
      }

      @Override
      public void endpointAbandoned(Network n, Endpoint e) {
        each.forEach(l -> tell("endpoint abandoned", () -> l.endpointAbandoned(n, e)));
      }

      @Override
      public void endpointAttached(Network n, Endpoint e) {
        each.forEach(l -> tell("endpoint attached", () -> l.endpointAttached(n, e)));
      }

      @Override
      public void endpointDetached(Network n, Endpoint e) {
        each.forEach(l -> tell("endpoint detached", () -> l.endpointDetached(n, e)));
      }
    };
  }
}
