package io.crossnet.core.flow;

import io.crossnet.core.backend.Capabilities.Support;
import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.MultipleFailures;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.ipam.AddressPools;
import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.ipam.SubnetPlanner;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import io.crossnet.core.store.Store.Durability;
import io.crossnet.core.store.Store;
import io.crossnet.core.store.StoreView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Creating and deleting networks: intent (record {@code PENDING} with planned object names and
 * fresh IPAM state), apply (backend), commit ({@code ACTIVE}, durable) — and undo on failure.
 */
public final class Networks {
  private static final int MAX_LABELS = 64;
  /** Plans of one create that a concurrent create may overtake before it gives up. */
  private static final int PLAN_ATTEMPTS = 5;

  private final Store store;
  private final NetworkBackend backend;
  private final AddressPools pools;
  private final NetworkLocks locks;
  private final ChangeListener listener;

  Networks(Store store, NetworkBackend backend, AddressPools pools, NetworkLocks locks, ChangeListener listener) {
    this.store = store;
    this.backend = backend;
    this.pools = pools;
    this.locks = locks;
    this.listener = listener;
  }

  public Network create(NetworkRequest request) {
    FieldErrors errors = new FieldErrors();
    String name = request.name();
    if (name == null || !Names.NAME.matcher(name).matches()) {
      errors.add("name", "must be 1-63 characters of letters, digits, '_', '.', '-', starting with a letter or digit (got '"
          + Names.printable(name) + "')");
    }
    NetworkType type = errors.check(() -> NetworkType.parse("driver", request.driver()));
    Map<String, String> options = NetworkOptions.validate(request.options(), errors);
    Map<String, String> labels = labels(request.labels(), errors);
    Scope scope = scope(request.scope(), errors);
    List<SubnetPlanner.PoolRequest> asked = request.ipam() == null ? List.of() : request.ipam();
    SubnetPlanner.resolve(asked, errors);
    if (type != null && !type.hasAddresses()) {
      addresslessProblems(type, request, options, errors);
    }
    errors.throwIfAny();
    if (request.internal() && "true".equals(options.get("masquerade"))) {
      errors.add("options.masquerade", "an internal network has no way out, so it cannot be masqueraded");
      errors.throwIfAny();
    }
    Support support = backend.capabilities().support(type);
    if (!support.supported()) {
      throw new Unsupported("driver '" + type.wireName() + "' is not supported on this host: " + support.detail());
    }
    if (type == NetworkType.MACVLAN && asked.stream().noneMatch(p -> p.subnet() != null)) {
      throw new InvalidRequest("ipam.config", "a macvlan network needs the subnet of its parent's segment (and usually an ipRange "
          + "the LAN's DHCP does not hand out); crossnet cannot guess it");
    }
    if (scope == Scope.GLOBAL) {
      throw new Unsupported("scope 'global' needs the shared etcd store; this host runs on the embedded local store");
    }
    String id = Ids.newId();
    Instant createdAt = Instant.now();
    for (int attempt = 1; ; attempt++) {
      // planned against a read view and checked by the backend outside the store's lock, because
      // validating may ask the OS (a parent NIC, a bridge name) and the lock stalls every network
      Network planned = store.read(v -> plan(v, id, name, type, scope, request, options, labels, asked, createdAt));
      backend.validate(planned);
      Network intent = planned.withObjects(backend.plan(planned));
      // recorded and applied under the new id's lock (no one else can want it yet), so a reconcile
      // pass never takes this PENDING record for one a crash left and finishes it a second time
      Optional<Network> created;
      try {
        created = locks.with(id, () -> {
          // the transaction plans again: names and overlaps are decided against the records as they are now
          boolean recorded = store.write(Durability.ASYNC, tx -> {
            Network now = plan(tx, id, name, type, scope, request, options, labels, asked, createdAt);
            if (!now.subnets().equals(intent.subnets())) {
              return false; // another network took a subnet from the default pools meanwhile
            }
            tx.put(intent);
            for (Subnet s : intent.subnets()) {
              tx.putAllocator(id, s.subnet().toString(), new SubnetAllocator(s).encode());
            }
            return true;
          });
          return recorded ? Optional.of(apply(intent)) : Optional.<Network>empty();
        });
      } catch (RuntimeException e) {
        locks.forget(id);
        throw e;
      }
      if (created.isPresent()) {
        return created.get();
      }
      locks.forget(id);
      if (attempt == PLAN_ATTEMPTS) {
        throw new AlreadyExists("the address pools changed " + attempt + " times while network '" + name + "' was planned; try again");
      }
    }
  }

  /** The network as the records in {@code v} allow it: a free name and parent, subnets that overlap no other network's. */
  private Network plan(StoreView v, String id, String name, NetworkType type, Scope scope, NetworkRequest request,
      Map<String, String> options, Map<String, String> labels, List<SubnetPlanner.PoolRequest> asked, Instant created) {
    v.networkByName(name).ifPresent(other -> {
      throw new AlreadyExists("network name '" + name + "' is already used by network " + other.shortId());
    });
    ParentUse.check(options, v.networks());
    List<IpPrefix> inUse = new ArrayList<>();
    v.networks().forEach(n -> n.subnets().forEach(s -> inUse.add(s.subnet())));
    List<Subnet> subnets = type.hasAddresses() ? SubnetPlanner.plan(asked, request.enableIpv6(), inUse, pools) : List.of();
    return new Network(id, name, type, scope, request.internal(), subnets, options, labels, created, LifecycleState.PENDING, List.of());
  }

  /** Creates the OS objects of a recorded network and commits it; undoes everything on failure. */
  Network apply(Network pending) {
    try {
      backend.createNetwork(pending);
    } catch (RuntimeException e) {
      MultipleFailures.Collector undo = new MultipleFailures.Collector();
      undo.run(() -> backend.deleteNetwork(pending));
      undo.run(() -> store.write(Durability.SYNC, tx -> {
        tx.deleteNetwork(pending);
        return null;
      }));
      try {
        undo.throwIfAny();
      } catch (RuntimeException undoFailure) {
        e.addSuppressed(undoFailure);
      }
      throw e;
    }
    Network active = pending.withState(LifecycleState.ACTIVE);
    store.write(Durability.SYNC, tx -> {
      tx.put(active);
      return null;
    });
    Listeners.tell("network created", () -> listener.networkCreated(active));
    return active;
  }

  /** By full id, name, or an unambiguous id prefix (at least 6 characters), like Docker. */
  public Network get(String idOrName) {
    Optional<Network> found = store.read(v -> {
      if (idOrName == null || idOrName.isEmpty()) {
        return Optional.<Network>empty();
      }
      Optional<Network> exact = v.network(idOrName).or(() -> v.networkByName(idOrName));
      if (exact.isPresent() || idOrName.length() < 6) {
        return exact;
      }
      List<Network> matches = v.networks().stream().filter(n -> n.id().startsWith(idOrName)).toList();
      return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.<Network>empty();
    });
    return found.orElseGet(() -> notFound(idOrName));
  }

  private static Network notFound(String idOrName) {
    throw new NotFound("network '" + Names.printable(idOrName) + "' not found");
  }

  public List<Network> list() {
    return store.read(v -> v.networks());
  }

  public void delete(String idOrName) {
    Network n = get(idOrName);
    locks.with(n.id(), () -> {
      Network current = store.read(v -> v.network(n.id())).orElseThrow(() -> new NotFound("network '" + n.name() + "' not found"));
      if (current.state() == LifecycleState.PENDING) {
        throw new AlreadyExists("network '" + n.name() + "' is still being created; try again");
      }
      int endpoints = store.read(v -> v.endpointCount(n.id()));
      if (endpoints > 0) {
        throw new AlreadyExists("network '" + n.name() + "' still has " + endpoints + " endpoint(s); detach them first");
      }
      remove(current);
      return null;
    });
    locks.forget(n.id());
  }

  /** Removes the OS objects and then the record; a crash in between leaves a DELETING record to finish. */
  void remove(Network network) {
    Network deleting = network.withState(LifecycleState.DELETING);
    store.write(Durability.ASYNC, tx -> {
      tx.put(deleting);
      return null;
    });
    backend.deleteNetwork(deleting);
    store.write(Durability.SYNC, tx -> {
      tx.deleteNetwork(deleting);
      return null;
    });
    Listeners.tell("network deleted", () -> listener.networkDeleted(deleting));
  }

  /** Deletes every network without endpoints; returns their names. */
  public List<String> prune() {
    List<String> removed = new ArrayList<>();
    for (Network n : list()) {
      boolean done = locks.with(n.id(), () -> {
        boolean busy = store.read(v -> v.network(n.id()).map(x -> x.state() == LifecycleState.PENDING).orElse(true)
            || v.endpointCount(n.id()) > 0);
        if (busy) {
          return false;
        }
        remove(n);
        return true;
      });
      if (done) {
        locks.forget(n.id());
        removed.add(n.name());
      }
    }
    return removed;
  }

  /** A host or none network has no addresses, no way in or out of its own, and nothing to configure. */
  private static void addresslessProblems(NetworkType type, NetworkRequest request, Map<String, String> options, FieldErrors errors) {
    String why = "a " + type.wireName() + " network has no ";
    if (request.ipam() != null && !request.ipam().isEmpty()) {
      errors.add("ipam", why + "addresses (its endpoints get no interface from crossnet)");
    }
    if (request.enableIpv6()) {
      errors.add("enableIpv6", why + "addresses");
    }
    if (request.internal()) {
      errors.add("internal", why + "way out of its own to close");
    }
    options.keySet().forEach(k -> errors.add("options." + k, why + "options"));
  }

  private static Map<String, String> labels(Map<String, String> labels, FieldErrors errors) {
    Map<String, String> out = new TreeMap<>();
    if (labels == null) {
      return out;
    }
    if (labels.size() > MAX_LABELS) {
      errors.add("labels", "at most " + MAX_LABELS + " labels");
      return out;
    }
    labels.forEach((k, v) -> {
      if (k == null || !Names.LABEL_KEY.matcher(k).matches()) {
        errors.add("labels." + Names.printable(k), "label keys are 1-128 of letters, digits, '_', '.', '/', '-'");
      } else if (v == null || v.length() > Names.LABEL_VALUE_MAX || v.chars().anyMatch(Character::isISOControl)) {
        errors.add("labels." + k, "label values are up to " + Names.LABEL_VALUE_MAX + " characters without control characters");
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Scope scope(String scope, FieldErrors errors) {
    if (scope == null || scope.equals("local")) {
      return Scope.LOCAL;
    }
    if (scope.equals("global")) {
      return Scope.GLOBAL;
    }
    errors.add("scope", "must be 'local' or 'global' (got '" + Names.printable(scope) + "')");
    return null;
  }
}
