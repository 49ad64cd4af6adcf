package io.crossnet.core.error;

/** This host or backend cannot realize what was asked (a network type, a kernel feature); the message says why. */
public final class Unsupported extends CrossnetException {
  public Unsupported(String message) {
    super(message);
  }
}
