package io.crossnet.core.error;

/**
 * Every failure crossnet reports. The service maps each permitted subtype to one HTTP status
 * (404, 409, 400, 422, 500), so callers see a stable error type for every cause.
 */
public abstract sealed class CrossnetException extends RuntimeException
    permits NotFound, AlreadyExists, Exhausted, InvalidRequest, Unsupported, BackendFailure, MultipleFailures {

  protected CrossnetException(String message) {
    super(message);
  }

  protected CrossnetException(String message, Throwable cause) {
    super(message, cause);
  }
}
