package io.crossnet.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the crash test: a thread that creates and deletes its own networks (two slots)
 * and attaches its own sandboxes to them and detaches them, one request at a time, keeping a
 * model of what the service acknowledged. Owning its networks and sandboxes, it knows exactly
 * what every answer must be; the one request the service died under is "in flight", and after
 * the restart it is sent again, which must answer as a retry does (attach 200 or 201, detach and
 * delete 204 or 404, create 201 or 409 for the name) and settles the model.
 */
public final class CrashClient {
  public enum Kind { CREATE, DELETE, ATTACH, DETACH }

  /** A request: its kind, network slot, sandbox (attach, detach) and the id or name it names. */
  public record Op(Kind kind, int slot, int sandbox, String ref) {}

  private static final int SLOTS = 2;

  private final int index;
  private final UnixHttp http;
  private final List<TestNetns> sandboxes;
  private final String[] netName = new String[SLOTS];
  private final String[] netId = new String[SLOTS];
  private final int[] generation = new int[SLOTS];
  /** slot/sandbox -> endpoint id, for every acknowledged attach not followed by an acknowledged detach. */
  private final Map<String, String> attached = new TreeMap<>();
  private final Set<String> goneNetworks = new HashSet<>();
  private final Set<String> goneEndpoints = new HashSet<>();
  private final Map<Kind, Integer> acknowledged = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private Op inFlight;
  private int inFlightTotal;
  private int inFlightApplied;

  public CrashClient(int index, UnixHttp http, List<TestNetns> sandboxes) {
    this.index = index;
    this.http = http;
    this.sandboxes = sandboxes;
  }

  /** Sends requests until one fails because {@code killed} was set (that one stays in flight) or something is wrong. */
  public void burst(AtomicBoolean killed, Random rnd) {
    while (!killed.get() && problems.isEmpty()) {
      Op op = choose(rnd);
      Reply r;
      try {
        r = send(op);
        settle(op, r, false);
      } catch (RuntimeException | AssertionError e) {
        if (killed.get()) {
          inFlight = op; // no (whole) answer: the service died under it
          inFlightTotal++;
          return;
        }
        problems.add(op + " failed while the service was up: " + e);
      }
    }
  }

  /** After a restart: sends the request the service died under again, as a client retries. */
  public void retryInFlight() {
    if (inFlight == null) {
      return;
    }
    Op op = inFlight;
    inFlight = null;
    try {
      settle(op, send(op), true);
    } catch (RuntimeException | AssertionError e) {
      problems.add("retry of " + op + " failed: " + e);
    }
  }

  private Op choose(Random rnd) {
    int slot = rnd.nextInt(SLOTS);
    if (netId[slot] == null) {
      return new Op(Kind.CREATE, slot, -1, "c" + index + "s" + slot + "g" + generation[slot]);
    }
    boolean empty = attached.keySet().stream().noneMatch(k -> k.startsWith(slot + "/"));
    if (empty && rnd.nextInt(4) == 0) {
      return new Op(Kind.DELETE, slot, -1, netId[slot]);
    }
    int sb = rnd.nextInt(sandboxes.size());
    String id = attached.get(slot + "/" + sb);
    return id != null ? new Op(Kind.DETACH, slot, sb, id) : new Op(Kind.ATTACH, slot, sb, null);
  }

  private String subnet(int slot) {
    return "10." + (120 + SLOTS * index + slot) + "." + (generation[slot] % 250) + ".0/24";
  }

  private Reply send(Op op) {
    return switch (op.kind()) {
      case CREATE -> http.post("/v1/networks", "{\"name\":\"" + op.ref() + "\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\""
          + subnet(op.slot()) + "\"}]}}");
      case DELETE -> http.delete("/v1/networks/" + op.ref());
      case ATTACH -> http.post("/v1/networks/" + netId[op.slot()] + "/endpoints",
          "{\"sandbox\":\"" + sandboxes.get(op.sandbox()).path() + "\",\"interface\":\"eth" + op.slot() + "\"}");
      case DETACH -> http.delete("/v1/networks/" + netId[op.slot()] + "/endpoints/" + op.ref());
    };
  }

  /** Applies the answer to the model, or records why it is not an answer this request may get. */
  private void settle(Op op, Reply r, boolean retry) {
    int s = r.status();
    switch (op.kind()) {
      case CREATE -> {
        if (s == 201) {
          JsonNode n = r.json();
          expectEqual(op, op.ref(), n.path("name").asText());
          expectEqual(op, subnet(op.slot()), n.path("ipam").path("config").path(0).path("subnet").asText());
          netId[op.slot()] = n.path("id").asText();
          netName[op.slot()] = op.ref();
        } else if (retry && s == 409) {
          Reply got = http.get("/v1/networks/" + op.ref()); // the lost answer's network, made by the first try
          if (got.status() != 200 || !subnet(op.slot()).equals(got.json().path("ipam").path("config").path(0).path("subnet").asText())) {
            problems.add("retried " + op + " was refused (" + r + ") but the network is not there as asked: " + got);
            return;
          }
          netId[op.slot()] = got.json().path("id").asText();
          netName[op.slot()] = op.ref();
          inFlightApplied++;
        } else {
          unexpected(op, r, retry);
          return;
        }
      }
      case DELETE -> {
        if (s == 204 || (retry && s == 404)) {
          inFlightApplied += retry && s == 404 ? 1 : 0;
          goneNetworks.add(op.ref());
          netId[op.slot()] = null;
          netName[op.slot()] = null;
          generation[op.slot()]++;
        } else {
          unexpected(op, r, retry);
          return;
        }
      }
      case ATTACH -> {
        if (s == 201 || (retry && s == 200)) {
          JsonNode e = r.json();
          expectEqual(op, sandboxes.get(op.sandbox()).path(), e.path("sandbox").asText());
          expectEqual(op, "eth" + op.slot(), e.path("interface").asText());
          expectEqual(op, netId[op.slot()], e.path("network").asText());
          inFlightApplied += retry && s == 200 ? 1 : 0;
          attached.put(op.slot() + "/" + op.sandbox(), e.path("id").asText());
        } else {
          unexpected(op, r, retry);
          return;
        }
      }
      case DETACH -> {
        if (s == 204 || (retry && s == 404)) {
          inFlightApplied += retry && s == 404 ? 1 : 0;
          goneEndpoints.add(op.ref());
          attached.remove(op.slot() + "/" + op.sandbox());
        } else {
          unexpected(op, r, retry);
          return;
        }
      }
    }
    if (!retry) {
      acknowledged.merge(op.kind(), 1, Integer::sum);
    }
  }

  private void expectEqual(Op op, String wanted, String got) {
    if (!wanted.equals(got)) {
      problems.add(op + ": answered " + got + ", wanted " + wanted);
    }
  }

  private void unexpected(Op op, Reply r, boolean retry) {
    problems.add((retry ? "retried " : "") + op + " answered " + r);
  }

  /** Network id -> name of every network this client holds. */
  public Map<String, String> networks() {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < SLOTS; i++) {
      if (netId[i] != null) {
        out.put(netId[i], netName[i]);
      }
    }
    return out;
  }

  /** Endpoint id -> "networkId sandboxPath interface" of every endpoint this client holds. */
  public Map<String, String> endpoints() {
    Map<String, String> out = new TreeMap<>();
    attached.forEach((key, id) -> {
      int slot = Integer.parseInt(key.substring(0, key.indexOf('/')));
      int sb = Integer.parseInt(key.substring(key.indexOf('/') + 1));
      out.put(id, netId[slot] + " " + sandboxes.get(sb).path() + " eth" + slot);
    });
    return out;
  }

  public Set<String> goneNetworks() {
    return goneNetworks;
  }

  public Set<String> goneEndpoints() {
    return goneEndpoints;
  }

  public Map<Kind, Integer> acknowledged() {
    return acknowledged;
  }

  /** Requests the service died under, and how many of those it had carried out (as their retry showed). */
  public int inFlightTotal() {
    return inFlightTotal;
  }

  public int inFlightApplied() {
    return inFlightApplied;
  }

  public List<String> problems() {
    return problems;
  }
}
