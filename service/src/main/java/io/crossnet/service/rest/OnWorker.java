package io.crossnet.service.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;

/**
 * Runs a request's work on a worker thread once the event loop has read and decoded its body.
 *
 * <p>Quarkus REST reads the body of a blocking method on the worker, in blocking reads that each
 * wait for the event loop to hand over the next bytes: two round trips between the threads per
 * request, before any work starts (docs/performance.md, finding 20). A method that returns a
 * {@link Uni} has its body buffered on the event loop instead, and this moves only the work to
 * the worker pool, in one hand-off. Failures reach the exception mappers as before.
 */
final class OnWorker {
  private OnWorker() {}

  static <T> Uni<T> run(Supplier<T> work) {
    return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
