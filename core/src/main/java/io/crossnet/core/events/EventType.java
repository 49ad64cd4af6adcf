package io.crossnet.core.events;

/** What an {@link Event} reports; {@link #wireName()} is its {@code type} on the wire. */
public enum EventType {
  NETWORK_CREATED("network-created"),
  NETWORK_DELETED("network-deleted"),
  ENDPOINT_ATTACHED("endpoint-attached"),
  ENDPOINT_DETACHED("endpoint-detached"),
  /** The reconciler put back OS objects of a network or an endpoint that the OS had lost. */
  REPAIRED("repaired"),
  /** The reconciler released an endpoint because its sandbox is gone. */
  GARBAGE_COLLECTED("garbage-collected"),
  /** The reconciler removed an OS object carrying crossnet's mark whose owner has no record. */
  ORPHAN_REMOVED("orphan-removed"),
  /** Not a change: this subscriber read too slowly and {@code dropped} events were not kept for it. */
  GAP("gap");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
