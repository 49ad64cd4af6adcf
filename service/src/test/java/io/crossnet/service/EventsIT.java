package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import io.crossnet.service.testing.UnixSse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/events} against the packaged service: each acknowledged change is one event, in
 * order; a request that changes nothing is none; a client that stops reading holds up no API
 * call and is told, by a gap, how many events it missed; a client that leaves is forgotten.
 * The per-client buffer is set to 8 events so that a stalled client overflows it quickly.
 */
@Privileged
class EventsIT extends ServiceFixture {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @Override
  protected Map<String, String> config() {
    return Map.of("crossnet.events.buffer", "8");
  }

  @Test
  void eachAcknowledgedChangeIsOneEventAndARepeatedRequestIsNone() throws Exception {
    try (UnixSse sse = UnixSse.open(service.socket())) {
      TestNetns sb = topo.sandbox("ev");
      JsonNode net = expect(201, http.post("/v1/networks", "{\"name\":\"ev\",\"ipam\":{\"config\":[{\"subnet\":\"10.95.0.0/24\"}]}}"));
      String attach = "{\"sandbox\":\"" + sb.path() + "\",\"name\":\"web1\"}";
      JsonNode ep = expect(201, http.post("/v1/networks/ev/endpoints", attach));
      expect(200, http.post("/v1/networks/ev/endpoints", attach));
      String id = ep.get("id").asText();
      assertEquals(204, http.delete("/v1/networks/ev/endpoints/" + id).status());
      assertEquals(404, http.delete("/v1/networks/ev/endpoints/" + id).status());
      assertEquals(204, http.delete("/v1/networks/ev").status());
      assertEquals(404, http.delete("/v1/networks/ev").status());

      sse.await("network-deleted", e -> e.type().equals("network-deleted"), WITHIN);
      List<UnixSse.Event> seen = sse.seen();
      assertEquals(List.of("network-created", "endpoint-attached", "endpoint-detached", "network-deleted"),
          seen.stream().map(UnixSse.Event::type).toList(), seen::toString);
      for (UnixSse.Event e : seen) {
        assertEquals(net.get("id").asText(), e.data().get("networkId").asText(), e::toString);
        assertEquals("ev", e.data().get("networkName").asText(), e::toString);
        assertEquals(e.id(), e.data().get("seq").asText(), "the SSE id is the event's seq");
      }
      assertEquals(id, seen.get(1).data().get("endpointId").asText());
      assertEquals(ep.get("ipv4Address").asText(), seen.get(1).data().get("detail").asText().replaceAll(".*, ", ""));
      assertEquals(List.of(net.get("objects").get(0).asText()), List.of(seen.get(0).data().get("objects").get(0).asText()));
      for (int i = 1; i < seen.size(); i++) {
        assertEquals(seen.get(i - 1).data().get("seq").asLong() + 1, seen.get(i).data().get("seq").asLong(), seen::toString);
      }
    }
  }

  @Test
  void aClientThatStopsReadingHoldsUpNothingAndLearnsWhatItMissed() throws Exception {
    expect(201, http.post("/v1/networks", "{\"name\":\"bulk\",\"driver\":\"none\"}"));
    TestNetns sb = topo.sandbox("evb");
    try (UnixSse stalled = UnixSse.openStalled(service.socket()); UnixSse reading = UnixSse.open(service.socket())) {
      // far more than the stalled client's buffer and its socket hold (some hundred kilobytes)
      int clients = 6;
      int cycles = 150;
      ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          String attach = "{\"sandbox\":\"" + sb.path() + "\",\"interface\":\"if" + c + "\"}";
          running.add(pool.submit(() -> {
            for (int i = 0; i < cycles; i++) {
              Reply a = http.post("/v1/networks/bulk/endpoints", attach);
              if (a.status() != 201) {
                problems.add("attach " + a);
                return;
              }
              Reply d = http.delete("/v1/networks/bulk/endpoints/" + a.json().get("id").asText());
              if (d.status() != 204) {
                problems.add("detach " + d);
                return;
              }
            }
          }));
        }
        for (Future<?> f : running) {
          f.get(5, TimeUnit.MINUTES); // the calls end however the stalled client fares
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(problems.isEmpty(), problems::toString);
      long dropped = http.get("/v1/info").json().get("events").get("dropped").asLong();
      assertTrue(dropped > 0, "the stalled client's events beyond its buffer were dropped, not kept: " + dropped);

      stalled.resume();
      // the gap comes once the backlog is read; a change made before that could be dropped too
      // (and folded into the gap), so "after" is created only once the client has caught up
      UnixSse.Event gap = stalled.await("gap", e -> e.type().equals("gap"), WITHIN);
      expect(201, http.post("/v1/networks", "{\"name\":\"after\",\"driver\":\"none\"}"));
      assertTrue(gap.data().get("dropped").asLong() > 0, gap::toString);
      stalled.await("network-created after the gap", e -> e.data().path("networkName").asText().equals("after"), WITHIN);
      reading.await("network-created", e -> e.data().path("networkName").asText().equals("after"), WITHIN);
      assertAccountedFor(stalled.seen());
      assertAccountedFor(reading.seen());
      long delivered = stalled.seen().stream().filter(e -> !e.type().equals("gap")).count();
      long missed = stalled.seen().stream().filter(e -> e.type().equals("gap")).mapToLong(e -> e.data().get("dropped").asLong()).sum();
      assertEquals(2L * clients * cycles + 1, delivered + missed, "every change reached the stalled client or was counted as missed");
    }
  }

  /** Every seq from the first to the last is either delivered or inside a gap: nothing vanishes unannounced. */
  private static void assertAccountedFor(List<UnixSse.Event> seen) {
    long expected = seen.get(0).data().get("seq").asLong();
    for (UnixSse.Event e : seen) {
      long seq = e.data().get("seq").asLong();
      if (e.type().equals("gap")) {
        expected += e.data().get("dropped").asLong();
        assertEquals(expected - 1, seq, "a gap carries the seq of the last event it stands for: " + e);
      } else {
        assertEquals(expected, seq, "event " + e + " after " + (expected - 1));
        expected++;
      }
    }
  }

  @Test
  void aClientThatLeavesIsForgotten() throws Exception {
    // the other tests close their clients, but the service forgets a closed one a moment later
    eventually("the clients of earlier tests are forgotten", WITHIN, () -> subscribers() == 0);
    List<UnixSse> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clients.add(UnixSse.open(service.socket()));
    }
    assertEquals(3, subscribers());
    clients.forEach(UnixSse::close);
    eventually("the three are forgotten", WITHIN, () -> subscribers() == 0);
    expect(201, http.post("/v1/networks", "{\"name\":\"left\",\"driver\":\"none\"}"));
  }

  private long subscribers() {
    return http.get("/v1/info").json().get("events").get("subscribers").asLong();
  }

  private static JsonNode expect(int status, Reply r) {
    assertEquals(status, r.status(), r::toString);
    return r.json();
  }

}
