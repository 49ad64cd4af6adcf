package io.crossnet.core.flow;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.events.Event;
import io.crossnet.core.events.EventSink;
import io.crossnet.core.events.EventType;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the OS match the store, at start-up and on a schedule: finishes or rolls back what a
 * crash left {@code PENDING} or {@code DELETING}, re-creates what the OS lost, releases endpoints
 * whose sandbox is gone, and removes objects that carry crossnet's mark but have no record.
 * A network's own step, then each of its endpoints, is handled under the network's lock, with
 * the records read afresh there, so a pass never races an API call on that network; taking the
 * lock per endpoint lets API calls go on between them, so a pass over thousands of endpoints
 * delays an attach by one endpoint's check, not by the whole pass. A full pass checks endpoints
 * against the listing of owned objects it starts with, so it asks the OS about each endpoint only
 * when that listing does not show it intact.
 */
public final class Reconciler {
  /** What one pass did, each entry naming the object ({@code network web}, {@code endpoint 1a2b3c4d5e6f}). */
  public record Report(List<String> finished, List<String> rolledBack, List<String> repaired, List<String> collected,
      List<String> orphansRemoved, List<String> failures) {
    public boolean quiet() {
      return finished.isEmpty() && rolledBack.isEmpty() && repaired.isEmpty() && collected.isEmpty()
          && orphansRemoved.isEmpty() && failures.isEmpty();
    }
  }

  private final Store store;
  private final NetworkBackend backend;
  private final Networks networks;
  private final Endpoints endpoints;
  private final NetworkLocks locks;
  private final EventSink events;

  Reconciler(Store store, NetworkBackend backend, Networks networks, Endpoints endpoints, NetworkLocks locks, EventSink events) {
    this.store = store;
    this.backend = backend;
    this.networks = networks;
    this.endpoints = endpoints;
    this.locks = locks;
    this.events = events;
  }

  private static Report emptyReport() {
    return new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
  }

  /**
   * One network only, for a change the OS reported ({@link QuickReconcile}): the same steps as
   * {@link #run()} for that network and its endpoints; orphans wait for the next full pass.
   */
  public synchronized Report run(String networkId) {
    Report r = emptyReport();
    if (store.read(v -> v.network(networkId)).isPresent()) {
      reconcile(networkId, "network " + networkId, r, null);
    }
    return r;
  }

  public synchronized Report run() {
    Report r = emptyReport();
    // listed before the records are read: an object made after this listing has its record already
    List<OwnedObject> owned = guarded(r, "listing owned objects", backend::listOwned).orElse(List.of());
    // owners with a record now: what this pass removes of theirs (a rollback, a finished delete)
    // it removes with their objects, which are no orphans even though the record is gone after it
    Set<String> known = recordIds();
    Map<String, List<OwnedObject>> listed = owned.stream().filter(o -> o.ownerId() != null)
        .collect(Collectors.groupingBy(OwnedObject::ownerId));
    for (Network n : store.read(v -> v.networks())) {
      reconcile(n.id(), "network " + n.name(), r, listed);
    }
    known.addAll(recordIds());
    for (OwnedObject o : owned) {
      if (o.ownerId() != null && !known.contains(o.ownerId())) {
        guarded(r, o.kind() + " " + o.name(), () -> {
          backend.removeOwned(o);
          String what = o.kind() + " " + o.name() + " (owner " + o.ownerId() + ")";
          r.orphansRemoved().add(what);
          events.publish(Event.ofHost(EventType.ORPHAN_REMOVED, List.of(o.name()),
              what + " carried crossnet's mark, but its owner has no record"));
          return null;
        });
      }
    }
    return r;
  }

  private Set<String> recordIds() {
    return store.read(v -> {
      Set<String> ids = new HashSet<>();
      v.networks().forEach(n -> ids.add(n.id()));
      v.allEndpoints().forEach(e -> ids.add(e.id()));
      return ids;
    });
  }

  /**
   * The network's own step under its lock; then, if it is active, each endpoint under the lock in
   * turn, against {@code listed} (owned objects by owner id, null to ask the OS about each).
   */
  private void reconcile(String networkId, String what, Report r, Map<String, List<OwnedObject>> listed) {
    Next next = guarded(r, what, () -> locks.with(networkId, () -> network(networkId, r))).orElse(Next.NOTHING);
    if (next == Next.NOTHING) {
      return;
    }
    // what was put back of the network may have taken the listed endpoints' objects with it
    Map<String, List<OwnedObject>> seen = next == Next.ENDPOINTS ? listed : null;
    for (String endpointId : store.read(v -> v.endpoints(networkId).stream().map(Endpoint::id).toList())) {
      guarded(r, "endpoint " + endpointId.substring(0, 12), () -> locks.with(networkId, () -> {
        // read again under the lock: an API call may have changed both since the list was made
        Optional<Network> n = store.read(v -> v.network(networkId)).filter(x -> x.state() == LifecycleState.ACTIVE);
        Optional<Endpoint> e = store.read(v -> v.endpoint(endpointId));
        if (n.isPresent() && e.isPresent()) {
          endpoint(n.get(), e.get(), r, seen);
        }
        return null;
      }));
    }
  }

  /** What the network's own step leaves to do for its endpoints. */
  private enum Next { NOTHING, ENDPOINTS, ENDPOINTS_AFRESH }

  /** Settles the network itself; says whether its endpoints are to be checked, and how. */
  private Next network(String id, Report r) {
    Optional<Network> found = store.read(v -> v.network(id));
    if (found.isEmpty()) {
      return Next.NOTHING;
    }
    Network n = found.get();
    String what = "network " + n.name();
    switch (n.state()) {
      case PENDING -> {
        try {
          networks.apply(n);
          r.finished().add(what);
        } catch (RuntimeException e) {
          r.rolledBack().add(what + ": " + e.getMessage());
        }
        return Next.NOTHING;
      }
      case DELETING -> {
        for (Endpoint e : store.read(v -> v.endpoints(id))) {
          endpoints.remove(n, e);
        }
        networks.remove(n);
        r.finished().add(what + " (deleted)");
        return Next.NOTHING;
      }
      case ACTIVE -> {
        if (backend.repair(n)) {
          r.repaired().add(what);
          events.publish(Event.ofNetwork(EventType.REPAIRED, n, n.objects(),
              what + ": put back what the OS had lost of " + String.join(", ", n.objects())));
          return Next.ENDPOINTS_AFRESH;
        }
      }
    }
    return Next.ENDPOINTS;
  }

  private void endpoint(Network n, Endpoint e, Report r, Map<String, List<OwnedObject>> listed) {
    String what = "endpoint " + e.shortId() + (e.name() == null ? "" : " (" + e.name() + ")") + " on " + n.name();
    boolean sandboxGone = !backend.sandboxExists(e.sandbox());
    if (e.state() == LifecycleState.DELETING || (e.state() == LifecycleState.PENDING && sandboxGone)) {
      endpoints.remove(n, e);
      r.rolledBack().add(what);
    } else if (sandboxGone) {
      endpoints.remove(n, e);
      r.collected().add(what + ": sandbox " + e.sandbox() + " is gone");
      events.publish(Event.ofEndpoint(EventType.GARBAGE_COLLECTED, n, e, e.objects(),
          what + " released (addresses " + addresses(e) + "): sandbox " + e.sandbox() + " is gone"));
    } else if (e.state() == LifecycleState.PENDING) {
      try {
        endpoints.apply(n, e);
        r.finished().add(what);
      } catch (RuntimeException ex) {
        r.rolledBack().add(what + ": " + ex.getMessage());
      }
    } else if (listed == null ? backend.repair(n, e) : backend.repair(n, e, listed.getOrDefault(e.id(), List.of()))) {
      r.repaired().add(what);
      events.publish(Event.ofEndpoint(EventType.REPAIRED, n, e, e.objects(),
          what + ": put back what the OS had lost of " + String.join(", ", e.objects())));
    }
  }

  private static String addresses(Endpoint e) {
    List<String> a = new ArrayList<>();
    if (e.ipv4() != null) {
      a.add(e.ipv4().toString());
    }
    if (e.ipv6() != null) {
      a.add(e.ipv6().toString());
    }
    return a.isEmpty() ? "none" : String.join(", ", a);
  }

  private static <T> Optional<T> guarded(Report r, String what, java.util.function.Supplier<T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (RuntimeException e) {
      r.failures().add(what + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
