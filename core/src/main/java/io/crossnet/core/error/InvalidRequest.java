package io.crossnet.core.error;

import java.util.List;

/** The request is malformed or inconsistent; {@link #errors()} says which field and why. */
public final class InvalidRequest extends CrossnetException {
  private final List<FieldError> errors;

  public InvalidRequest(String message, List<FieldError> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  public InvalidRequest(String field, String message) {
    this(field + ": " + message, List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** One problem with one field of a request; {@code field} is a JSON path such as {@code ipam.config[0].subnet}. */
  public record FieldError(String field, String message) {}
}
