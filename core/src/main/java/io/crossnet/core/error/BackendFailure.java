package io.crossnet.core.error;

/**
 * The kernel or HNS refused an operation that crossnet believed valid. Carries the operation
 * (e.g. {@code RTM_NEWLINK bridge cn1a2b}) and the code (errno name or HRESULT) for diagnosis.
 */
public final class BackendFailure extends CrossnetException {
  private final String operation;
  private final String code;

  public BackendFailure(String operation, String code, String message) {
    super(operation + " failed: " + code + (message == null || message.isEmpty() ? "" : " (" + message + ")"));
    this.operation = operation;
    this.code = code;
  }

  public BackendFailure(String operation, String code, String message, Throwable cause) {
    super(operation + " failed: " + code + (message == null || message.isEmpty() ? "" : " (" + message + ")"), cause);
    this.operation = operation;
    this.code = code;
  }

  public String operation() {
    return operation;
  }

  public String code() {
    return code;
  }
}
