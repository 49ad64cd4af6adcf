package io.crossnet.service.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * No request crossnet understands comes near 1 MiB. Larger bodies get a 413 problem here; the
 * transport's own ceiling ({@code quarkus.http.limits.max-body-size}) sits above this so that
 * the answer is a problem document and not a bare status.
 */
@Provider
@PreMatching
public class BodyLimit implements ContainerRequestFilter {
  static final int LIMIT = 1 << 20;

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getLength() > LIMIT) {
      throw new WebApplicationException("request body of " + request.getLength() + " bytes; at most " + LIMIT + " are accepted",
          Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
  }
}
