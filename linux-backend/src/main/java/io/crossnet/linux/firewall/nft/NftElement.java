package io.crossnet.linux.firewall.nft;

import io.crossnet.core.backend.OwnedObject;
import java.util.List;

/**
 * One element of a crossnet set: the set, the key in canonical text (a prefix such as
 * {@code 10.50.0.0/24}, or interface names; several parts for a concatenation) and the owning
 * network id from the element's {@code net:<id>} comment (null without one).
 */
record NftElement(String set, List<String> key, String owner) {
  static final String KIND = "nft-element";

  NftElement {
    key = List.copyOf(key);
  }

  /** Set and key, the element's identity regardless of owner. */
  String id() {
    return set + " " + String.join(" . ", key);
  }

  OwnedObject owned() {
    return new OwnedObject(KIND, id(), owner);
  }
}
