package io.crossnet.core.error;

import java.util.ArrayList;
import java.util.List;

/** Teardown keeps going after a failure and reports every failure at the end. */
public final class MultipleFailures extends CrossnetException {
  private final List<RuntimeException> failures;

  private MultipleFailures(List<RuntimeException> failures) {
    super(failures.size() + " failures: " + failures.stream().map(Throwable::getMessage).toList());
    this.failures = List.copyOf(failures);
    failures.forEach(this::addSuppressed);
  }

  public List<RuntimeException> failures() {
    return failures;
  }

  /** Collects failures of independent cleanup steps; {@link #throwIfAny()} rethrows them. */
  public static final class Collector {
    private final List<RuntimeException> failures = new ArrayList<>();

    public void run(Runnable step) {
      try {
        step.run();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }

    public void throwIfAny() {
      if (failures.size() == 1) {
        throw failures.get(0);
      }
      if (!failures.isEmpty()) {
        throw new MultipleFailures(failures);
      }
    }
  }
}
