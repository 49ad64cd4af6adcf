package io.crossnet.core.events;

/**
 * Where the flows and the reconciler tell what they did. {@link #publish} is called under the
 * network's lock, right after the change is durable, so it must return at once: it may not block,
 * wait for a reader or do I/O.
 */
@FunctionalInterface
public interface EventSink {
  EventSink NONE = event -> {};

  void publish(Event event);
}
