package io.crossnet.core.error;

/** The object, name, address or port is already taken; the message names the holder. */
public final class AlreadyExists extends CrossnetException {
  public AlreadyExists(String message) {
    super(message);
  }
}
