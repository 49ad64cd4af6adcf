package io.crossnet.core.error;

/** The named object (network, endpoint, link, namespace, HNS object) does not exist. */
public final class NotFound extends CrossnetException {
  public NotFound(String message) {
    super(message);
  }
}
