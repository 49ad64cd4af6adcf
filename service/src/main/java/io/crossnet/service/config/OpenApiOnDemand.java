package io.crossnet.service.config;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;

/**
 * Makes the served OpenAPI document written when it is asked for, not at start-up. Without a
 * per-request filter, Quarkus 3.33 writes the whole document as JSON and as YAML while the
 * service starts (quarkusio/quarkus#54826), about 0.1 s of a 1.7 s start on a 2-core machine
 * (docs/performance.md, finding 19), for a document that only Swagger UI and the contract test
 * read. With one, it keeps the model and writes it per request. This filter changes nothing in
 * the document: every {@link OASFilter} method's default returns the element as it is.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class OpenApiOnDemand implements OASFilter {}
