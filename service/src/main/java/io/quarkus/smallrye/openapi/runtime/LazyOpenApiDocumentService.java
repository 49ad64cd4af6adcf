package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.arc.Unremovable;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * crossnet's class, in Quarkus's package only because the method it defers is package-private:
 * prepares the served OpenAPI document when it is first asked for, not while the service starts.
 *
 * <p>Quarkus 3.33 parses the document it made at build time and writes it as JSON and YAML during
 * start-up ({@code OpenApiRecorder.prepareDocument}, a runtime-init step; quarkusio/quarkus#54826,
 * fixed upstream by #55538 in no version that resolves here). On a 2-core machine that is about
 * 0.35 s of a 1.7 s start (docs/performance.md, findings 19 and 20), for a document only Swagger
 * UI and the contract test read. Here the recorder's call is kept and run on the first
 * {@link #getDocument}, which then takes that time once, on the event loop that serves
 * {@code /q/openapi} (as the writing per request did before). Delete this class once Quarkus
 * prepares the document lazily itself. {@code OpenApiDriftIT} checks that the served contract is
 * still the committed one.
 */
@Alternative
@Priority(1)
@Singleton
@Unremovable
public class LazyOpenApiDocumentService extends OpenApiDocumentService {
  /** The recorder's calls not run yet, in order; guarded by this. */
  private Runnable pending = () -> {};

  @Override
  synchronized void prepareDocument(AutoSecurityFilter autoSecurityFilter, Map<OpenApiFilter.RunStage, List<String>> filters,
      String documentName) {
    // the start-up thread's class loader finds the build-time document; the first request may run elsewhere
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Runnable before = pending;
    pending = () -> {
      before.run();
      Thread t = Thread.currentThread();
      ClassLoader was = t.getContextClassLoader();
      t.setContextClassLoader(loader);
      try {
        super.prepareDocument(autoSecurityFilter, filters, documentName);
      } finally {
        t.setContextClassLoader(was);
      }
    };
  }

  @Override
  public synchronized byte[] getDocument(String documentName, Format format) {
    pending.run(); // a failure leaves it pending, for the next request to try again
    pending = () -> {};
    return super.getDocument(documentName, format);
  }
}
