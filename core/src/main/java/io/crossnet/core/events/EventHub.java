package io.crossnet.core.events;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fans events out to subscribers. Publishing numbers the event and offers it to each
 * subscriber's bounded buffer; a full buffer drops it for that subscriber alone (counted, and
 * marked by a {@link EventType#GAP} in its stream), so no reader, however slow or gone, holds up
 * the change being published.
 */
public final class EventHub implements EventSink {
  private final int capacity;
  private final AtomicLong seq = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();

  /** {@code capacity}: events kept per subscriber that has not read them yet. */
  public EventHub(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("an event buffer holds at least 2 events (got " + capacity + ")");
    }
    this.capacity = capacity;
  }

  @Override
  public void publish(Event event) {
    // numbered and offered under one lock, so every subscriber sees the numbers in order
    synchronized (seq) {
      Event numbered = event.withSeq(seq.incrementAndGet());
      for (Subscription s : subscribers) {
        s.offer(numbered);
      }
    }
  }

  /** A new subscriber; it sees the events published from now on, until it is closed. */
  public Subscription subscribe() {
    Subscription s = new Subscription(capacity, dropped::increment, subscribers::remove);
    subscribers.add(s);
    return s;
  }

  public int subscribers() {
    return subscribers.size();
  }

  /** Events dropped since the start, over every subscriber there has been. */
  public long dropped() {
    return dropped.sum();
  }
}
