package io.crossnet.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.CrossnetException;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import io.crossnet.service.problem.Problem.FieldProblem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; one place decides the status of each cause. */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response crossnet(CrossnetException e) {
    return respond(problemOf(e));
  }

  private static Problem problemOf(CrossnetException e) {
    if (e instanceof InvalidRequest ir) {
      List<FieldProblem> fields = ir.errors().stream().map(f -> new FieldProblem(f.field(), f.message())).toList();
      return new Problem(ProblemType.BASE + ProblemType.INVALID_REQUEST.slug, ProblemType.INVALID_REQUEST.title, 400,
          ir.getMessage(), fields, null, null);
    }
    if (e instanceof NotFound) {
      return ProblemType.NOT_FOUND.problem(e.getMessage());
    }
    if (e instanceof AlreadyExists) {
      return ProblemType.CONFLICT.problem(e.getMessage());
    }
    if (e instanceof Exhausted) {
      return ProblemType.EXHAUSTED.problem(e.getMessage());
    }
    if (e instanceof Unsupported) {
      return ProblemType.UNSUPPORTED.problem(e.getMessage());
    }
    if (e instanceof BackendFailure bf) {
      return backendFailure(bf);
    }
    return internal(e);
  }

  /** Jackson's own mapper for this subtype would answer 400 with an empty body; this one says where. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return malformed(e);
  }

  @ServerExceptionMapper
  public Response malformed(JsonProcessingException e) {
    String field = e instanceof MismatchedInputException mi && !mi.getPath().isEmpty()
        ? mi.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[")
        : null;
    String message = e.getOriginalMessage().split("\n")[0];
    String detail = "request body is not valid JSON for this operation" + (field == null ? "" : " at " + field) + ": " + message;
    List<FieldProblem> errors = field == null ? null : List.of(new FieldProblem(field, message));
    ProblemType t = ProblemType.MALFORMED_BODY;
    return respond(new Problem(ProblemType.BASE + t.slug, t.title, t.status, detail, errors, null, null));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return malformed(json);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      return respond(internal(e));
    }
    String slug = status == 404 ? "not-found" : status == 405 ? "method-not-allowed" : status == 415 ? "unsupported-media-type"
        : status == 413 ? "payload-too-large" : "http-" + status;
    String title = e.getResponse().getStatusInfo().getReasonPhrase();
    return respond(new Problem(ProblemType.BASE + slug, title, status, e.getMessage(), null, null, null));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    return respond(internal(e));
  }

  private static Problem backendFailure(BackendFailure bf) {
    LOG.errorf(bf, "backend failure: %s", bf.getMessage());
    return new Problem(ProblemType.BASE + ProblemType.BACKEND_FAILURE.slug, ProblemType.BACKEND_FAILURE.title, 500,
        bf.getMessage(), null, bf.operation(), bf.code());
  }

  private static Problem internal(Exception e) {
    LOG.error("unexpected failure", e);
    return ProblemType.INTERNAL.problem(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private static Response respond(Problem p) {
    return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
  }
}
