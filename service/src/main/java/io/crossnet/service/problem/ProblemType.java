package io.crossnet.service.problem;

/** The stable problem types: one per cause, so clients can branch on {@code type}. */
enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "Invalid request"),
  MALFORMED_BODY(400, "malformed-body", "Malformed request body"),
  NOT_FOUND(404, "not-found", "Not found"),
  CONFLICT(409, "conflict", "Conflict"),
  EXHAUSTED(409, "exhausted", "Pool exhausted"),
  UNSUPPORTED(422, "unsupported", "Not supported on this host"),
  BACKEND_FAILURE(500, "backend-failure", "The operating system refused an operation"),
  INTERNAL(500, "internal", "Internal error");

  static final String BASE = "https://crossnet.io/problems/";

  final int status;
  final String slug;
  final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  Problem problem(String detail) {
    return new Problem(BASE + slug, title, status, detail, null, null, null);
  }
}
