package io.crossnet.core.flow;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.MultipleFailures;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.model.Subnet;
import io.crossnet.core.ports.HostPorts;
import io.crossnet.core.ports.PortRequests;
import io.crossnet.core.store.Store.Durability;
import io.crossnet.core.store.Store;
import io.crossnet.core.store.StoreTx;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Attaching sandboxes to networks and detaching them: intent (addresses allocated and the
 * endpoint recorded {@code PENDING} in one transaction), apply (backend), commit ({@code ACTIVE},
 * durable, then the answer). Attach is idempotent per (network, sandbox, interface).
 */
public final class Endpoints {
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final int MAX_ALIASES = 32;

  private final Store store;
  private final NetworkBackend backend;
  private final Networks networks;
  private final NetworkLocks locks;
  private final HostPorts hostPorts;
  private final ChangeListener listener;

  Endpoints(Store store, NetworkBackend backend, Networks networks, NetworkLocks locks, HostPorts hostPorts,
      ChangeListener listener) {
    this.hostPorts = hostPorts;
    this.store = store;
    this.backend = backend;
    this.networks = networks;
    this.locks = locks;
    this.listener = listener;
  }

  /** The endpoint and whether this call created it (false: an earlier identical attach did). */
  public record Attached(Endpoint endpoint, boolean created) {}

  public Attached attach(String networkIdOrName, EndpointRequest request) {
    FieldErrors errors = new FieldErrors();
    SandboxRef sandbox = errors.check(() -> SandboxRef.parse("sandbox", request.sandbox()));
    String iface = request.interfaceName() == null ? "eth0" : request.interfaceName();
    if (!Names.INTERFACE.matcher(iface).matches() || iface.equals("lo")) {
      errors.add("interface", "must be a Linux interface name other than lo: 1-15 of letters, digits, '_', '.', '-' (got '"
          + Names.printable(iface) + "')");
    }
    if (request.name() != null && !Names.NAME.matcher(request.name()).matches()) {
      errors.add("name", "must be 1-63 characters of letters, digits, '_', '.', '-' (got '" + Names.printable(request.name()) + "')");
    }
    List<String> aliases = aliases(request.aliases(), errors);
    IpAddress v4 = address("ipv4Address", request.ipv4Address(), true, errors);
    IpAddress v6 = address("ipv6Address", request.ipv6Address(), false, errors);
    String mac = request.macAddress() == null ? null : request.macAddress().toLowerCase(java.util.Locale.ROOT);
    if (mac != null && (!MAC.matcher(mac).matches() || (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1
        || mac.equals("00:00:00:00:00:00"))) {
      errors.add("macAddress", "must be a unicast MAC such as 02:42:0a:32:00:02 (got '" + Names.printable(request.macAddress()) + "')");
    }
    List<PortMapping> asked = PortRequests.check(request.ports(), null, errors);
    int gwPriority = request.gwPriority() == null ? 0 : request.gwPriority();
    if (gwPriority < Endpoint.GW_PRIORITY_MIN || gwPriority > Endpoint.GW_PRIORITY_MAX) {
      errors.add("gwPriority", "must be from " + Endpoint.GW_PRIORITY_MIN + " to " + Endpoint.GW_PRIORITY_MAX + " (got " + gwPriority + ")");
    }
    errors.throwIfAny();

    Network network = networks.get(networkIdOrName);
    List<PortMapping> ports = withNetworkDefaults(network, asked);
    backend.checkPorts(network, ports);
    return locks.with(network.id(), () -> {
      Network current = store.read(v -> v.network(network.id()))
          .orElseThrow(() -> new NotFound("network '" + network.name() + "' not found"));
      if (current.state() != LifecycleState.ACTIVE) {
        throw new AlreadyExists("network '" + current.name() + "' is " + current.state().name().toLowerCase() + "; try again");
      }
      Optional<Endpoint> existing = store.read(v -> v.endpointByAttachment(Endpoint.attachmentKey(current.id(), sandbox, iface)));
      if (existing.isPresent()) {
        return retried(current, existing.get());
      }
      if (request.name() != null && store.read(v -> v.endpointByName(current.id(), request.name())).isPresent()) {
        throw new AlreadyExists("endpoint name '" + request.name() + "' is already used on network '" + current.name() + "'");
      }
      backend.checkSandbox(sandbox);
      String id = Ids.newId();
      Endpoint unplaced = new Endpoint(id, current.id(), sandbox, iface, request.name(), aliases, null, null,
          mac != null ? mac : Ids.macFor(id), current.v4().map(Subnet::gateway).orElse(null),
          current.v6().map(Subnet::gateway).orElse(null), Instant.now(), LifecycleState.PENDING, List.of(), List.of(), gwPriority);
      // object names come from the id and interface; asked for outside the store's lock, which
      // every network shares, because the backend may look at the OS on first use
      List<String> objects = backend.plan(current, unplaced);
      Endpoint pending = store.write(Durability.ASYNC, tx -> {
        IpPrefix a4 = allocate(tx, current, current.v4(), v4, "ipv4Address");
        IpPrefix a6 = allocate(tx, current, current.v6(), v6, "ipv6Address");
        List<PortMapping> bound = hostPorts.bind(tx, id, ports);
        Endpoint e = new Endpoint(id, current.id(), sandbox, iface, request.name(), aliases, a4, a6, unplaced.macAddress(),
            unplaced.gateway4(), unplaced.gateway6(), unplaced.createdAt(), LifecycleState.PENDING, objects, bound, gwPriority);
        tx.put(e);
        return e;
      });
      Listeners.tell("endpoint planned", () -> listener.endpointPlanned(current, pending));
      return new Attached(apply(current, pending), true);
    });
  }

  private Attached retried(Network network, Endpoint e) {
    return switch (e.state()) {
      case ACTIVE -> new Attached(e, false);
      case PENDING -> new Attached(apply(network, e), false);
      case DELETING -> throw new AlreadyExists("endpoint " + e.shortId() + " for this sandbox and interface is being detached; try again");
    };
  }

  /** Creates the endpoint's OS objects and commits; on failure removes them and frees the addresses. */
  Endpoint apply(Network network, Endpoint pending) {
    try {
      backend.attach(network, pending);
    } catch (RuntimeException e) {
      MultipleFailures.Collector undo = new MultipleFailures.Collector();
      undo.run(() -> backend.detach(network, pending));
      undo.run(() -> store.write(Durability.SYNC, tx -> {
        release(tx, network, pending);
        tx.deleteEndpoint(pending);
        return null;
      }));
      try {
        undo.throwIfAny();
      } catch (RuntimeException undoFailure) {
        e.addSuppressed(undoFailure);
      }
      Listeners.tell("endpoint abandoned", () -> listener.endpointAbandoned(network, pending));
      throw e;
    }
    Endpoint active = pending.withState(LifecycleState.ACTIVE);
    try {
      store.write(Durability.SYNC, tx -> {
        tx.put(active);
        return null;
      });
    } catch (RuntimeException e) {
      // not acknowledged: the pending record and its objects are the reconciler's to settle
      Listeners.tell("endpoint abandoned", () -> listener.endpointAbandoned(network, pending));
      throw e;
    }
    Listeners.tell("endpoint attached", () -> listener.endpointAttached(network, active));
    return active;
  }

  public Endpoint get(String networkIdOrName, String endpointIdOrName) {
    Network network = networks.get(networkIdOrName);
    return store.read(v -> {
      Optional<Endpoint> byId = v.endpoint(endpointIdOrName).filter(e -> e.networkId().equals(network.id()));
      if (byId.isPresent()) {
        return byId;
      }
      Optional<Endpoint> byName = v.endpointByName(network.id(), endpointIdOrName);
      if (byName.isPresent()) {
        return byName;
      }
      List<Endpoint> matches = endpointIdOrName.length() < 6 ? List.<Endpoint>of() : v.endpoints(network.id()).stream()
          .filter(e -> e.id().startsWith(endpointIdOrName))
          .toList();
      return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.<Endpoint>empty();
    }).orElseThrow(() -> new NotFound("endpoint '" + Names.printable(endpointIdOrName) + "' not found on network '" + network.name() + "'"));
  }

  public List<Endpoint> list(String networkIdOrName) {
    Network network = networks.get(networkIdOrName);
    return store.read(v -> v.endpoints(network.id()));
  }

  public void detach(String networkIdOrName, String endpointIdOrName) {
    Endpoint found = get(networkIdOrName, endpointIdOrName);
    Network network = networks.get(found.networkId());
    locks.with(network.id(), () -> {
      Endpoint e = store.read(v -> v.endpoint(found.id()))
          .orElseThrow(() -> new NotFound("endpoint '" + found.shortId() + "' not found"));
      remove(network, e);
      return null;
    });
  }

  /** Removes the OS objects, then the record and its addresses in one durable transaction. */
  void remove(Network network, Endpoint e) {
    Endpoint deleting = e.withState(LifecycleState.DELETING);
    store.write(Durability.ASYNC, tx -> {
      tx.put(deleting);
      return null;
    });
    backend.detach(network, deleting);
    store.write(Durability.SYNC, tx -> {
      release(tx, network, deleting);
      tx.deleteEndpoint(deleting);
      return null;
    });
    Listeners.tell("endpoint detached", () -> listener.endpointDetached(network, deleting));
  }

  private static IpPrefix allocate(StoreTx tx, Network network, Optional<Subnet> subnet, IpAddress wanted, String field) {
    if (subnet.isEmpty()) {
      if (wanted != null) {
        throw new InvalidRequest(field, "network '" + network.name() + "' has no " + (field.startsWith("ipv4") ? "IPv4" : "IPv6") + " subnet");
      }
      return null;
    }
    Subnet s = subnet.get();
    SubnetAllocator allocator = allocator(tx, network, s);
    IpAddress a;
    if (wanted != null) {
      allocator.allocate(wanted, field);
      a = wanted;
    } else {
      a = allocator.allocate();
    }
    tx.putAllocator(network.id(), s.subnet().toString(), allocator.encode());
    return new IpPrefix(a, s.subnet().length());
  }

  private static void release(StoreTx tx, Network network, Endpoint e) {
    releaseOne(tx, network, network.v4(), e.ipv4());
    releaseOne(tx, network, network.v6(), e.ipv6());
    HostPorts.release(tx, e.id(), e.ports());
  }

  /**
   * Mappings without a host address take the network's {@code hostIp} option; an internal
   * network, which nothing outside can reach, publishes nothing.
   */
  private static List<PortMapping> withNetworkDefaults(Network network, List<PortMapping> asked) {
    if (asked.isEmpty()) {
      return asked;
    }
    if (!network.type().hasAddresses()) {
      throw new InvalidRequest("ports", "network '" + network.name() + "' is of type " + network.type().wireName()
          + ": its endpoints have no address of their own to publish ports to");
    }
    if (network.internal()) {
      throw new InvalidRequest("ports", "network '" + network.name() + "' is internal: nothing outside can reach it, so it publishes no ports");
    }
    String option = network.option("hostIp", null);
    IpAddress hostIp = option == null ? null : IpAddress.tryParse(option);
    List<PortMapping> out = asked.stream()
        .map(m -> m.hostIp() != null || hostIp == null ? m : new PortMapping(m.protocol(), hostIp, m.hostPort(), m.containerPort(), m.count()))
        .toList();
    // an address of one family forwards to the endpoint's address of that family, which it must have
    FieldErrors errors = new FieldErrors();
    for (int i = 0; i < out.size(); i++) {
      IpAddress ip = out.get(i).hostIp();
      if (ip != null && (ip.isV4() ? network.v4() : network.v6()).isEmpty()) {
        errors.add("ports[" + i + "].hostIp", ip + " is an IPv" + (ip.isV4() ? "4" : "6") + " address, but network '" + network.name()
            + "' has no IPv" + (ip.isV4() ? "4" : "6") + " subnet, so its endpoints have no address to forward it to");
      }
    }
    errors.throwIfAny();
    return out;
  }

  private static void releaseOne(StoreTx tx, Network network, Optional<Subnet> subnet, IpPrefix address) {
    if (subnet.isEmpty() || address == null) {
      return;
    }
    SubnetAllocator allocator = allocator(tx, network, subnet.get());
    allocator.release(address.address());
    tx.putAllocator(network.id(), subnet.get().subnet().toString(), allocator.encode());
  }

  private static SubnetAllocator allocator(StoreTx tx, Network network, Subnet s) {
    return tx.allocator(network.id(), s.subnet().toString())
        .map(b -> SubnetAllocator.decode(s, b))
        .orElseGet(() -> new SubnetAllocator(s));
  }

  private static List<String> aliases(List<String> aliases, FieldErrors errors) {
    if (aliases == null) {
      return List.of();
    }
    if (aliases.size() > MAX_ALIASES) {
      errors.add("aliases", "at most " + MAX_ALIASES + " aliases");
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < aliases.size(); i++) {
      String a = aliases.get(i);
      if (a == null || !Names.NAME.matcher(a).matches()) {
        errors.add("aliases[" + i + "]", "must be 1-63 characters of letters, digits, '_', '.', '-' (got '" + Names.printable(a) + "')");
      } else {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }

  private static IpAddress address(String field, String text, boolean v4, FieldErrors errors) {
    if (text == null) {
      return null;
    }
    IpAddress a = errors.check(() -> IpAddress.parse(field, text));
    if (a != null && a.isV4() != v4) {
      errors.add(field, "must be an " + (v4 ? "IPv4" : "IPv6") + " address (got '" + Names.printable(text) + "')");
      return null;
    }
    return a;
  }
}
