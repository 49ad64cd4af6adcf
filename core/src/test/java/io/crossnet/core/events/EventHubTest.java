package io.crossnet.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bounded buffers per subscriber: a reader that falls behind loses events, is told how many, and slows nobody. */
class EventHubTest {

  private static Event change(String detail) {
    return Event.ofHost(EventType.ORPHAN_REMOVED, List.of(), detail);
  }

  private static List<String> drain(Subscription s) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (Event e; (e = s.next(0, TimeUnit.MILLISECONDS)) != null; ) {
      out.add(e.type() == EventType.GAP ? "gap " + e.dropped() + " @" + e.seq() : e.detail() + " @" + e.seq());
    }
    return out;
  }

  @Test
  void aSubscriberSeesEventsPublishedAfterItSubscribedInOrderAndNumbered() throws Exception {
    EventHub hub = new EventHub(16);
    hub.publish(change("before"));
    Subscription s = hub.subscribe();
    hub.publish(change("a"));
    hub.publish(change("b"));
    assertEquals(List.of("a @2", "b @3"), drain(s));
  }

  @Test
  void aReaderThatNeverReadsHoldsUpNoPublisherAndIsToldWhatItMissed() throws Exception {
    EventHub hub = new EventHub(4);
    Subscription stuck = hub.subscribe();
    Subscription reading = hub.subscribe();
    List<String> seenByReader = new ArrayList<>();
    for (int i = 1; i <= 10_000; i++) {
      hub.publish(change("e" + i));
      seenByReader.addAll(drain(reading));
    }
    assertEquals(10_000, seenByReader.size(), "the reading subscriber lost nothing");
    assertEquals(List.of("e1 @1", "e2 @2", "e3 @3", "e4 @4", "gap 9996 @10000"), drain(stuck));
    assertEquals(9996, stuck.dropped());
    assertEquals(9996, hub.dropped());
    stuck.close();
    assertEquals(9996, hub.dropped(), "counted for good, not only while the subscriber is open");
  }

  @Test
  void theGapSitsWhereTheEventsWereLost() throws Exception {
    EventHub hub = new EventHub(4);
    Subscription s = hub.subscribe();
    for (int i = 1; i <= 6; i++) {
      hub.publish(change("e" + i)); // e5 and e6 do not fit
    }
    assertEquals("e1", s.next(0, TimeUnit.SECONDS).detail());
    assertEquals("e2", s.next(0, TimeUnit.SECONDS).detail());
    hub.publish(change("e7")); // room again: the gap mark, then e7
    assertEquals(List.of("e3 @3", "e4 @4", "gap 2 @6", "e7 @7"), drain(s));
  }

  @Test
  void aClosedSubscriptionIsForgotten() throws Exception {
    EventHub hub = new EventHub(4);
    Subscription s = hub.subscribe();
    assertEquals(1, hub.subscribers());
    s.close();
    hub.publish(change("after"));
    assertEquals(0, hub.subscribers());
    assertNull(s.next(0, TimeUnit.SECONDS));
  }

  @Test
  void aWaitingReaderIsWokenByThePublisher() throws Exception {
    EventHub hub = new EventHub(4);
    Subscription s = hub.subscribe();
    Thread publisher = new Thread(() -> hub.publish(change("late")));
    publisher.start();
    Event e = s.next(30, TimeUnit.SECONDS);
    publisher.join();
    assertEquals("late", e.detail());
  }
}
