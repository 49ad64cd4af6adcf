package io.crossnet.core.error;

import io.crossnet.core.error.InvalidRequest.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every problem of a request, so one answer names them all. */
public final class FieldErrors {
  private final List<FieldError> errors = new ArrayList<>();

  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** Runs a parse step; its {@link InvalidRequest} is collected and null returned. */
  public <T> T check(Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidRequest e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  public int size() {
    return errors.size();
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public void throwIfAny() {
    if (errors.isEmpty()) {
      return;
    }
    String summary = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " invalid fields: " + errors.stream().map(FieldError::field).toList();
    throw new InvalidRequest(summary, errors);
  }
}
