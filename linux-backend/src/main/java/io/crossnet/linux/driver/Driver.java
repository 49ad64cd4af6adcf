package io.crossnet.linux.driver;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.util.List;

/**
 * How the Linux backend realizes one network type. {@link io.crossnet.linux.LinuxBackend} picks
 * the driver by the network's type and hands it every call; like the backend, every mutating call
 * converges when repeated and a delete of what is gone succeeds.
 */
public interface Driver {
  /** Adds what is wrong with the network's options on this host to {@code errors}; changes nothing. */
  void validate(Network network, FieldErrors errors);

  /** Names of the host objects {@link #createNetwork} makes (recorded before they exist). */
  List<String> plan(Network network);

  /** Names of the objects {@link #attach} makes. */
  List<String> plan(Endpoint endpoint);

  void createNetwork(Network network);

  void deleteNetwork(Network network);

  void attach(Network network, Endpoint endpoint);

  void detach(Network network, Endpoint endpoint);

  /** Re-creates what the kernel lost of the network; returns whether anything was missing. */
  boolean repair(Network network);

  /** Re-creates what the kernel lost of the endpoint; returns whether anything was missing. */
  boolean repair(Network network, Endpoint endpoint);

  /**
   * The same, given the endpoint's links as the reconciler's pass listed them (see
   * {@link io.crossnet.core.backend.NetworkBackend#repair(Network, Endpoint, List)}).
   */
  default boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    return repair(network, endpoint);
  }
}
