package io.crossnet.linux.firewall.nft;

import io.crossnet.core.backend.OwnedObject;
import java.util.List;

/**
 * One element of a crossnet set or map: the set, the key in canonical text (a prefix such as
 * {@code 10.50.0.0/24}, interface names, or address, protocol and port; several parts for a
 * concatenation), a map element's value (empty for sets) and the owning network or endpoint id
 * from the element's {@code net:<id>} comment (null without one).
 */
record NftElement(String set, List<String> key, List<String> value, String owner) {
  static final String KIND = "nft-element";

  NftElement {
    key = List.copyOf(key);
    value = List.copyOf(value);
  }

  /** A set element. */
  NftElement(String set, List<String> key, String owner) {
    this(set, key, List.of(), owner);
  }

  /** Set and key, the element's identity regardless of owner. */
  String id() {
    return set + " " + String.join(" . ", key);
  }

  OwnedObject owned() {
    return new OwnedObject(KIND, id(), owner);
  }
}
