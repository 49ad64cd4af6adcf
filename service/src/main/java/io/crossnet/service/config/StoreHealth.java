package io.crossnet.service.config;

import io.crossnet.core.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the store answers a read. */
@Readiness
@ApplicationScoped
public class StoreHealth implements HealthCheck {
  private final Store store;

  StoreHealth(Store store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      int networks = store.read(v -> v.networks().size());
      return HealthCheckResponse.named("store").up().withData("networks", networks).build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("store").down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
