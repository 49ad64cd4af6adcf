package io.crossnet.windows.backend;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.Network;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Names and GUIDs of the HNS objects crossnet owns. Both derive from crossnet's ids alone, so a
 * retried or reconciled call finds the object it made before: the GUID is a name-based UUID of the
 * id (HNS accepts the caller's GUID in {@code HcnCreate*}), and the name {@code cn-<id>} is the
 * ownership mark the reconciler looks for, carrying the whole id.
 */
final class HnsNames {
  static final String PREFIX = "cn-";

  private HnsNames() {}

  static String network(Network network) {
    return PREFIX + network.id();
  }

  static String endpoint(Endpoint endpoint) {
    return PREFIX + endpoint.id();
  }

  static UUID networkGuid(String networkId) {
    return UUID.nameUUIDFromBytes(("crossnet/network/" + networkId).getBytes(StandardCharsets.UTF_8));
  }

  static UUID endpointGuid(String endpointId) {
    return UUID.nameUUIDFromBytes(("crossnet/endpoint/" + endpointId).getBytes(StandardCharsets.UTF_8));
  }

  /** The crossnet id in an HNS object name, or null when crossnet does not own the object. */
  static String ownerOf(String name) {
    if (name == null || !name.startsWith(PREFIX)) {
      return null;
    }
    String id = name.substring(PREFIX.length());
    return Ids.isId(id) ? id : null;
  }

  /** GUIDs as HNS writes them in documents: upper case, no braces. */
  static String text(UUID guid) {
    return guid.toString().toUpperCase(Locale.ROOT);
  }
}
