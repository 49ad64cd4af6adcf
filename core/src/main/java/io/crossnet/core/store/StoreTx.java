package io.crossnet.core.store;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;

/** Changes inside one atomic {@link Store#write}. Indexes (names, attachments) follow the records. */
public interface StoreTx extends StoreView {
  void put(Network network);

  /** Removes the network, its name and its allocators; its endpoints must be gone already. */
  void deleteNetwork(Network network);

  void put(Endpoint endpoint);

  void deleteEndpoint(Endpoint endpoint);

  void putAllocator(String networkId, String subnet, byte[] state);

  /** Records that the endpoint publishes host port {@code port} on {@code hostIpKey} ({@code *} or an address). */
  void bindHostPort(String protocol, int port, String hostIpKey, String endpointId);

  /** Removes that record if the endpoint holds it. */
  void unbindHostPort(String protocol, int port, String hostIpKey, String endpointId);
}
