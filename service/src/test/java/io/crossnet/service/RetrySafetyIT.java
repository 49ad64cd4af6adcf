package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests a client repeats, one after another or at once (a retry sent while the first try is
 * still running): an attach is answered with the one endpoint, a create with one network, a
 * detach or delete of what is gone with a 404 problem; never a 5xx, and the kernel holds one of
 * each thing.
 */
@Privileged
class RetrySafetyIT extends ServiceFixture {
  private static final int AT_ONCE = 8;

  @Test
  void repeatedRequestsOneAfterAnother() {
    TestNetns sb = topo.sandbox("rs");
    String create = "{\"name\":\"again\",\"ipam\":{\"config\":[{\"subnet\":\"10.81.0.0/24\"}]}}";
    JsonNode net = expect(201, http.post("/v1/networks", create)).json();
    problem(409, http.post("/v1/networks", create));
    String attach = "{\"sandbox\":\"" + sb.path() + "\",\"interface\":\"eth0\"}";
    JsonNode ep = expect(201, http.post("/v1/networks/again/endpoints", attach)).json();
    JsonNode same = expect(200, http.post("/v1/networks/again/endpoints", attach)).json();
    assertEquals(ep.get("id"), same.get("id"));
    assertEquals(ep.get("ipv4Address"), same.get("ipv4Address"));
    problem(409, http.delete("/v1/networks/again")); // still has an endpoint
    String path = "/v1/networks/again/endpoints/" + ep.get("id").asText();
    expect(204, http.delete(path));
    problem(404, http.delete(path));
    problem(404, http.get(path));
    expect(204, http.delete("/v1/networks/" + net.get("id").asText()));
    problem(404, http.delete("/v1/networks/" + net.get("id").asText()));
    problem(404, http.delete("/v1/networks/again"));
    problem(404, http.post("/v1/networks/again/endpoints", attach));
    assertEquals(List.of(), topo.crossnetLinks());
  }

  @Test
  void repeatedRequestsAtOnce() throws Exception {
    TestNetns sb = topo.sandbox("rt");
    String create = "{\"name\":\"burst\",\"ipam\":{\"config\":[{\"subnet\":\"10.82.0.0/24\"}]}}";
    Map<Integer, Integer> created = statuses(() -> http.post("/v1/networks", create));
    assertEquals(Map.of(201, 1, 409, AT_ONCE - 1), created, "one network made, the others told it exists");

    String attach = "{\"sandbox\":\"" + sb.path() + "\",\"interface\":\"eth0\"}";
    List<Reply> attached = atOnce(() -> http.post("/v1/networks/burst/endpoints", attach));
    assertEquals(Map.of(201, 1, 200, AT_ONCE - 1), count(attached), attached::toString);
    assertEquals(1, attached.stream().map(r -> r.json().get("id").asText()).distinct().count(), "one endpoint for all");
    assertEquals(2, topo.crossnetLinks().size(), "one bridge and one veth: " + topo.crossnetLinks());
    assertEquals(1, sb.sh("ip", "-o", "link", "show").lines().filter(l -> !l.contains(": lo:")).count());

    String path = "/v1/networks/burst/endpoints/" + attached.get(0).json().get("id").asText();
    assertEquals(Map.of(204, 1, 404, AT_ONCE - 1), statuses(() -> http.delete(path)));
    assertEquals(Map.of(204, 1, 404, AT_ONCE - 1), statuses(() -> http.delete("/v1/networks/burst")));
    assertEquals(List.of(), topo.crossnetLinks());
  }

  private List<Reply> atOnce(Callable<Reply> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> all = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return request.call();
        }));
      }
      go.countDown();
      List<Reply> out = new ArrayList<>();
      for (Future<Reply> f : all) {
        Reply r = f.get(60, TimeUnit.SECONDS);
        if (r.status() >= 400) {
          problem(r.status(), r);
        }
        out.add(r);
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<Integer, Integer> statuses(Callable<Reply> request) throws Exception {
    return count(atOnce(request));
  }

  private static Map<Integer, Integer> count(List<Reply> replies) {
    Map<Integer, Integer> out = new TreeMap<>();
    replies.forEach(r -> out.merge(r.status(), 1, Integer::sum));
    return out;
  }

  private static Reply expect(int status, Reply r) {
    assertEquals(status, r.status(), r::toString);
    return r;
  }

  /** A 4xx answered as application/problem+json with that status and a detail. */
  private static void problem(int status, Reply r) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(status, r.json().get("status").asInt(), r::toString);
    assertTrue(r.json().hasNonNull("detail"), r::toString);
  }
}
