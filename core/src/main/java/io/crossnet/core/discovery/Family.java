package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;

/** Which addresses a lookup wants: A records, AAAA records, or both (REST view, ANY queries). */
public enum Family {
  V4,
  V6,
  ANY;

  boolean accepts(IpAddress a) {
    return this == ANY || (this == V4) == a.isV4();
  }
}
