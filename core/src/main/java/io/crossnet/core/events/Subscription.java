package io.crossnet.core.events;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscriber's bounded buffer. The publisher only ever appends or counts a drop, under a
 * monitor held for a few instructions; the reader waits for the next event. When events were
 * dropped, the reader gets a {@link EventType#GAP} in their place: after every event that was
 * kept before them and before the first one kept after them.
 */
public final class Subscription implements AutoCloseable {
  private final int capacity;
  private final Runnable onDrop;
  private final Consumer<Subscription> onClose;
  private final ArrayDeque<Event> queue = new ArrayDeque<>();
  private long missed;
  private long missedLastSeq;
  private long droppedTotal;
  private boolean closed;

  Subscription(int capacity, Runnable onDrop, Consumer<Subscription> onClose) {
    this.capacity = capacity;
    this.onDrop = onDrop;
    this.onClose = onClose;
  }

  synchronized void offer(Event e) {
    if (closed) {
      return;
    }
    if (missed > 0) {
      // the gap mark and this event need two places; until then, this one is lost too
      if (queue.size() + 2 > capacity) {
        drop(e);
        return;
      }
      queue.add(Event.gap(missedLastSeq, missed));
      missed = 0;
    } else if (queue.size() == capacity) {
      drop(e);
      return;
    }
    queue.add(e);
    notifyAll();
  }

  private void drop(Event e) {
    missed++;
    missedLastSeq = e.seq();
    droppedTotal++;
    onDrop.run();
  }

  /**
   * The next event, waiting up to {@code timeout}; null when none came (or the subscription is
   * closed). Drops not yet followed by a kept event come out as a gap once the buffer is read empty.
   */
  public synchronized Event next(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (queue.isEmpty() && missed == 0 && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (closed) {
      return null;
    }
    if (!queue.isEmpty()) {
      return queue.poll();
    }
    Event gap = Event.gap(missedLastSeq, missed);
    missed = 0;
    return gap;
  }

  public synchronized boolean closed() {
    return closed;
  }

  /** Events this subscriber lost because it read too slowly. */
  public synchronized long dropped() {
    return droppedTotal;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      notifyAll();
    }
    onClose.accept(this);
  }
}
