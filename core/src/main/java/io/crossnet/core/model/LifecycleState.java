package io.crossnet.core.model;

/**
 * Where a record is in the intent-apply-commit flow. {@code PENDING}: recorded, OS objects may be
 * partly created; {@code ACTIVE}: all objects exist, acknowledged; {@code DELETING}: being removed.
 * The reconciler finishes or rolls back anything not {@code ACTIVE}.
 */
public enum LifecycleState {
  PENDING,
  ACTIVE,
  DELETING
}
