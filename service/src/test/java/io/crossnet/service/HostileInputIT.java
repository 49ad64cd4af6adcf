package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus ({@code hostile/requests.jsonl}, made by {@code generate.py}): wrong
 * types, huge and malformed bodies, control and shell characters, path traversal, absurd CIDRs
 * and numbers. Every request gets a 4xx problem+json that says what is wrong, and afterwards
 * the store, the links and the firewall are as before.
 */
@Privileged
class HostileInputIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestNetns sandbox;

  @BeforeAll
  void seed() {
    assertEquals(201, http.post("/v1/networks", "{\"name\":\"seed\",\"ipam\":{\"config\":[{\"subnet\":\"10.70.0.0/24\"}]}}").status());
    TestNetns holder = topo.sandbox("hold");
    assertEquals(201, http.post("/v1/networks/seed/endpoints", "{\"sandbox\":\"" + holder.path() + "\",\"ipv4Address\":\"10.70.0.9\"}").status());
    sandbox = topo.sandbox("host");
  }

  @Test
  void everyHostileRequestIsA4xxProblemAndChangesNothing() throws IOException {
    List<JsonNode> corpus = corpus();
    assertTrue(corpus.size() >= 300, "corpus of " + corpus.size());
    String before = state();
    List<String> wrong = new ArrayList<>();
    for (JsonNode r : corpus) {
      String body = r.get("body").isNull() ? null : r.get("body").asText()
          .replace("SANDBOX", sandbox.name())
          .replace("{{2MB}}", "x".repeat(2_000_000));
      String problem;
      try {
        problem = problem(http.send(r.get("method").asText(), r.get("path").asText(), body, r.get("contentType").asText()));
      } catch (java.io.UncheckedIOException e) {
        problem = "no reply: " + e.getCause();
      }
      if (problem != null) {
        wrong.add(r.get("why").asText() + ": " + problem);
      }
    }
    assertTrue(wrong.isEmpty(), wrong.size() + " of " + corpus.size() + " answered wrongly:\n" + String.join("\n", wrong));
    assertEquals(before, state(), "a hostile request changed something");
  }

  /** What is wrong with the reply, or null when it is a proper 4xx problem. */
  private static String problem(Reply reply) {
    String shown = reply.status() + " " + reply.body().substring(0, Math.min(200, reply.body().length()));
    if (reply.status() < 400 || reply.status() >= 500) {
      return shown;
    }
    if (!reply.contentType().startsWith("application/problem+json")) {
      return "not problem+json (" + reply.contentType() + "): " + shown;
    }
    JsonNode p = reply.json();
    if (p.path("status").asInt() != reply.status() || p.path("detail").asText("").isBlank()) {
      return "problem without status or detail: " + shown;
    }
    return null;
  }

  private static List<JsonNode> corpus() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = HostileInputIT.class.getResourceAsStream("/hostile/requests.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private String state() {
    return http.get("/v1/networks").body() + "\n" + http.get("/v1/networks/seed/endpoints").body() + "\n" + topo.crossnetLinks()
        + "\n" + Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").out() + "\n" + sandbox.sh("ip", "-o", "link");
  }
}
