package io.crossnet.service.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.events.Event;
import io.crossnet.core.events.EventHub;
import io.crossnet.core.events.Subscription;
import io.crossnet.service.api.mapping.Views;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The streams behind {@code GET /v1/events}: one {@link Subscription} per client, read only when
 * the client's connection has taken the previous event (the SSE writer asks for the next item
 * once a write completes). A client that reads slowly, or not at all, therefore leaves its
 * events in its own bounded buffer, where the hub drops what does not fit and later tells it
 * how many with a {@code gap}; the changes that published them never wait.
 */
@Singleton
public class EventStreams {
  /** An idle stream sends a comment this often, so a proxy keeps it open and a gone client is noticed. */
  private static final long KEEP_ALIVE_SECONDS = 15;

  private final EventHub hub;
  private final ObjectMapper json;
  private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
  // waiting for a client's next event blocks, so it happens on threads of its own, not on the event loop
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "crossnet-events");
    t.setDaemon(true);
    return t;
  });

  EventStreams(EventHub hub, ObjectMapper json) {
    this.hub = hub;
    this.json = json;
  }

  /** A stream that subscribes when the client's request is served, says so in a first comment, and ends at shutdown. */
  public Multi<OutboundSseEvent> open(Sse sse) {
    return Multi.createFrom().deferred(() -> {
      Subscription s = hub.subscribe();
      open.add(s);
      OutboundSseEvent end = sse.newEventBuilder().comment("end").build();
      AtomicBoolean greeted = new AtomicBoolean();
      return Multi.createBy().repeating()
          .uni(() -> Uni.createFrom().item(() -> next(s, sse, greeted, end)).runSubscriptionOn(readers))
          .until(e -> e == end)
          .onTermination().invoke(() -> {
            open.remove(s);
            s.close();
          });
    });
  }

  private OutboundSseEvent next(Subscription s, Sse sse, AtomicBoolean greeted, OutboundSseEvent end) {
    if (greeted.compareAndSet(false, true)) {
      // sends the headers at once and tells the client that what happens from now on reaches it
      return sse.newEventBuilder().comment("subscribed").build();
    }
    Event e;
    try {
      e = s.next(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return end;
    }
    if (e == null) {
      return s.closed() ? end : sse.newEventBuilder().comment("keep-alive").build();
    }
    // written here rather than by the SSE writer, which would add a non-standard content-type field to every event
    return sse.newEventBuilder().id(Long.toString(e.seq())).data(text(e)).build();
  }

  private String text(Event e) {
    try {
      return json.writeValueAsString(Views.view(e));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("event " + e.seq() + " cannot be written as JSON", ex);
    }
  }

  /** Streams open now. */
  public int subscribers() {
    return open.size();
  }

  @PreDestroy
  void close() {
    open.forEach(Subscription::close);
    readers.shutdownNow();
  }
}
