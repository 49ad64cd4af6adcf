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
}
