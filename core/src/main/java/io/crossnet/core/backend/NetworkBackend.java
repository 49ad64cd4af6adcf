package io.crossnet.core.backend;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.SandboxRef;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The OS part of crossnet: turns networks and endpoints into kernel or HNS objects. Exactly one
 * runs per host. Every mutating call is idempotent: called again after a crash or a retry with
 * the same record it converges on the same objects, and delete of what is gone succeeds.
 *
 * <p>Failures are {@link io.crossnet.core.error.CrossnetException}s: {@code InvalidRequest} for
 * what the caller can fix (a sandbox path that is not a namespace), {@code Unsupported} for what
 * this host cannot do, {@code BackendFailure} for refusals of the OS.
 */
public interface NetworkBackend {

  /** A short name for logs and {@code /v1/info}: {@code linux}, {@code windows-hns}. */
  String name();

  /** What this host supports, per network type, and why not where it does not. */
  Capabilities capabilities();

  /**
   * Checks a network request against this host (parent NIC present, options understood) before
   * anything is recorded. Throws {@code InvalidRequest} or {@code Unsupported}.
   */
  void validate(Network network);

  /** Checks that a sandbox exists and is of the right kind, before anything is recorded. */
  void checkSandbox(SandboxRef sandbox);

  /**
   * Checks published ports against this host before anything is recorded: a host address the
   * host does not have, a protocol its kernel lacks. Bad ones are {@code InvalidRequest}s.
   */
  default void checkPorts(Network network, List<PortMapping> ports) {}

  /**
   * Re-creates what the OS lost of an active network (a bridge deleted by hand, a flushed
   * firewall table); returns whether anything was missing. Must not disturb what is there.
   */
  boolean repair(Network network);

  /** The same for an endpoint whose sandbox still exists (its link, addresses, ports). */
  boolean repair(Network network, Endpoint endpoint);

  /**
   * The same, given what {@link #listOwned} found of the endpoint's at the start of the pass: a
   * backend that can tell from that listing that nothing was missing saves asking the OS once per
   * object, thousands of times a pass. What the listing does not show intact (an endpoint made
   * after it, an object gone) is checked afresh, as {@link #repair(Network, Endpoint)} does.
   */
  default boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    return repair(network, endpoint);
  }

  /** Removes an object from {@link #listOwned()} whose owner has no record (what a crash can leave). */
  void removeOwned(OwnedObject object);

  /** Names of the OS objects {@link #createNetwork} will create; recorded with the intent. */
  List<String> plan(Network network);

  /** Names of the OS objects {@link #attach} will create; recorded with the intent. */
  List<String> plan(Network network, Endpoint endpoint);

  void createNetwork(Network network);

  void deleteNetwork(Network network);

  void attach(Network network, Endpoint endpoint);

  /** Removes the endpoint's objects; a sandbox that no longer exists is not an error. */
  void detach(Network network, Endpoint endpoint);

  /** Whether the sandbox still exists (the reconciler releases endpoints whose sandbox is gone). */
  boolean sandboxExists(SandboxRef sandbox);

  /** Every OS object that carries crossnet's ownership mark, for the reconciler. */
  List<OwnedObject> listOwned();

  /** Host facts for {@code /v1/info}: kernel settings crossnet relies on, firewall driver, versions. */
  Map<String, String> info();

  /**
   * Starts reporting changes the OS makes to objects crossnet owns (on Linux: a marked link
   * deleted, a marked bridge brought down) to {@code changed}, with the owner id from the
   * object's mark, or null when reports were lost and everything should be checked. Reports come
   * on a thread of the backend's and must not be answered there with OS work. Until the returned
   * watch is closed. A backend without a change feed reports nothing: the periodic reconcile
   * finds those changes.
   */
  default Watch watch(Consumer<String> changed) {
    return Watch.NONE;
  }

  /** A running {@link #watch}; closing it stops the reports. */
  interface Watch extends AutoCloseable {
    Watch NONE = () -> {};

    @Override
    void close();
  }
}
