package io.crossnet.core.discovery;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for the DNS path, plain so that core stays free of a metrics library; the service
 * exports them (queries, answers, forwarded, failures). LongAdder: many server threads count at
 * once without contending.
 */
public final class DiscoveryMetrics {
  private final LongAdder queries = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final LongAdder failures = new LongAdder();

  /** Every query received, whatever became of it. */
  public long queries() {
    return queries.sum();
  }

  /** Queries answered from the registry (including NXDOMAIN and NODATA). */
  public long answered() {
    return answered.sum();
  }

  /** Queries sent on to upstream resolvers. */
  public long forwarded() {
    return forwarded.sum();
  }

  /** Queries that got SERVFAIL or FORMERR, or no answer at all (overload, socket errors). */
  public long failures() {
    return failures.sum();
  }

  public void query() {
    queries.increment();
  }

  public void answer() {
    answered.increment();
  }

  public void forward() {
    forwarded.increment();
  }

  public void failure() {
    failures.increment();
  }
}
