package io.crossnet.core.error;

/** A pool ran out: no free address in a subnet, no free subnet in the default pools. */
public final class Exhausted extends CrossnetException {
  public Exhausted(String message) {
    super(message);
  }
}
