package io.crossnet.core.flow;

import io.crossnet.core.events.Event;
import io.crossnet.core.events.EventSink;
import io.crossnet.core.events.EventType;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.util.stream.Collectors;

/** The committed changes a {@link ChangeListener} hears, as events. */
final class ChangeEvents implements ChangeListener {
  private final EventSink sink;

  ChangeEvents(EventSink sink) {
    this.sink = sink;
  }

  @Override
  public void networkCreated(Network n) {
    String subnets = n.subnets().stream().map(s -> s.subnet().toString()).collect(Collectors.joining(", "));
    sink.publish(Event.ofNetwork(EventType.NETWORK_CREATED, n, n.objects(),
        "network " + n.name() + " (" + n.type().wireName() + (subnets.isEmpty() ? "" : ", " + subnets) + ")"));
  }

  @Override
  public void networkDeleted(Network n) {
    sink.publish(Event.ofNetwork(EventType.NETWORK_DELETED, n, n.objects(), "network " + n.name()));
  }

  @Override
  public void endpointAttached(Network n, Endpoint e) {
    sink.publish(Event.ofEndpoint(EventType.ENDPOINT_ATTACHED, n, e, e.objects(), describe(n, e)));
  }

  @Override
  public void endpointDetached(Network n, Endpoint e) {
    sink.publish(Event.ofEndpoint(EventType.ENDPOINT_DETACHED, n, e, e.objects(), describe(n, e)));
  }

  static String describe(Network n, Endpoint e) {
    StringBuilder b = new StringBuilder("endpoint ").append(e.shortId());
    if (e.name() != null) {
      b.append(" (").append(e.name()).append(')');
    }
    b.append(" on ").append(n.name()).append(": sandbox ").append(e.sandbox()).append(", ").append(e.interfaceName());
    if (e.ipv4() != null) {
      b.append(", ").append(e.ipv4());
    }
    if (e.ipv6() != null) {
      b.append(", ").append(e.ipv6());
    }
    return b.toString();
  }
}
