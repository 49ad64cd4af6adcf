package io.crossnet.service.rest;

import io.crossnet.core.error.InvalidRequest;

/** A JSON body that is missing altogether (or {@code null}) is the client's mistake, not a 500. */
final class Body {
  private Body() {}

  static <T> T required(T body) {
    if (body == null) {
      throw new InvalidRequest("body", "a JSON object is required");
    }
    return body;
  }
}
