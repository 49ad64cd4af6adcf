package io.crossnet.core.store;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read access to the records, inside one consistent view. */
public interface StoreView {
  Optional<Network> network(String id);

  Optional<Network> networkByName(String name);

  List<Network> networks();

  Optional<Endpoint> endpoint(String id);

  List<Endpoint> endpoints(String networkId);

  int endpointCount(String networkId);

  List<Endpoint> allEndpoints();

  /** The endpoint recorded for (network, sandbox, interface), see {@link Endpoint#attachmentKey()}. */
  Optional<Endpoint> endpointByAttachment(String attachmentKey);

  /** Who publishes host port {@code port}: host address key ({@code *} or an address) to endpoint id. */
  Map<String, String> hostPortHolders(String protocol, int port);

  /** The endpoint with this (unique per network) name. */
  Optional<Endpoint> endpointByName(String networkId, String name);

  /** An IPAM allocator's encoded state, keyed by network id and subnet. */
  Optional<byte[]> allocator(String networkId, String subnet);
}
