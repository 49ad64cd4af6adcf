package io.crossnet.core.backend;

/**
 * An OS object carrying crossnet's ownership mark. {@code kind} is backend-specific ({@code link},
 * {@code nft-element}, {@code hns-network}, ...), {@code name} identifies it to the backend, and
 * {@code ownerId} is the network or endpoint id from the mark (null when the mark has none).
 * {@code parent} names the object it hangs on, where the backend reports one (the bridge a link is
 * a port of), or is null.
 */
public record OwnedObject(String kind, String name, String ownerId, String parent) {
  public OwnedObject(String kind, String name, String ownerId) {
    this(kind, name, ownerId, null);
  }
}
