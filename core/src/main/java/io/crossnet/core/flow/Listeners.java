package io.crossnet.core.flow;

import java.lang.System.Logger.Level;

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
}
