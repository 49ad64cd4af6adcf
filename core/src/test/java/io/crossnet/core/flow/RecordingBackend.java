package io.crossnet.core.flow;

import io.crossnet.core.backend.Capabilities.Support;
import io.crossnet.core.backend.Capabilities;
import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A backend that supports NAT (and types a test adds), creates nothing, records every call, and fails on demand. */
final class RecordingBackend implements NetworkBackend {
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  RuntimeException failCreateNetwork;
  RuntimeException failAttach;
  /** Ids whose OS objects "went missing": repair reports them once. */
  final java.util.Set<String> lost = java.util.Collections.synchronizedSet(new java.util.HashSet<>());
  /** What listOwned reports. */
  final List<OwnedObject> owned = Collections.synchronizedList(new ArrayList<>());
  /**
   * Called as each mutating call (and validate) begins, with {@code "attach web"} and the like
   * (the network's name): a test may block there, count, or throw.
   */
  volatile java.util.function.Consumer<String> hook = call -> {};
  /** Sandboxes that "no longer exist". */
  final java.util.Set<String> goneSandboxes = java.util.Collections.synchronizedSet(new java.util.HashSet<>());

  @Override
  public String name() {
    return "recording";
  }

  private final java.util.Set<NetworkType> types = java.util.EnumSet.of(NetworkType.NAT);

  /** Makes the backend claim the type too. */
  void support(NetworkType type) {
    types.add(type);
  }

  @Override
  public Capabilities capabilities() {
    Map<NetworkType, Support> m = new java.util.EnumMap<>(NetworkType.class);
    types.forEach(t -> m.put(t, Support.yes("test")));
    return new Capabilities(m);
  }

  @Override
  public void validate(Network network) {
    hook.accept("validate " + network.name());
    calls.add("validate " + network.name());
  }

  @Override
  public void checkSandbox(SandboxRef sandbox) {
    calls.add("checkSandbox " + sandbox);
  }

  @Override
  public List<String> plan(Network network) {
    return List.of("bridge:cn" + network.shortId());
  }

  @Override
  public List<String> plan(Network network, Endpoint endpoint) {
    return List.of("veth:ve" + endpoint.shortId());
  }

  @Override
  public void createNetwork(Network network) {
    hook.accept("createNetwork " + network.name());
    calls.add("createNetwork " + network.id());
    if (failCreateNetwork != null) {
      throw failCreateNetwork;
    }
  }

  @Override
  public void deleteNetwork(Network network) {
    hook.accept("deleteNetwork " + network.name());
    calls.add("deleteNetwork " + network.id());
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    hook.accept("attach " + network.name());
    calls.add("attach " + endpoint.id());
    if (failAttach != null) {
      throw failAttach;
    }
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {
    hook.accept("detach " + network.name());
    calls.add("detach " + endpoint.id());
  }

  @Override
  public boolean sandboxExists(SandboxRef sandbox) {
    return !goneSandboxes.contains(sandbox.path());
  }

  @Override
  public List<OwnedObject> listOwned() {
    return List.copyOf(owned);
  }

  @Override
  public Map<String, String> info() {
    return Map.of();
  }

  long count(String operation) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(operation + " ")).count();
    }
  }

  @Override
  public boolean repair(Network network) {
    hook.accept("repair " + network.name());
    calls.add("repair " + network.id());
    return lost.remove(network.id());
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    hook.accept("repair endpoint " + network.name());
    calls.add("repair " + endpoint.id());
    return lost.remove(endpoint.id());
  }

  /** Records what the pass's listing held of the endpoint's, then checks as without one. */
  @Override
  public boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    calls.add("listed " + endpoint.id() + " " + listed.stream().map(OwnedObject::name).toList());
    return repair(network, endpoint);
  }

  @Override
  public void removeOwned(OwnedObject object) {
    calls.add("removeOwned " + object.name());
    owned.remove(object);
  }
}
