package io.crossnet.service.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What this service runs on: backend, host facts it relies on, store, counts. */
public record InfoView(String version, String backend, Map<String, String> host, String dataDir, int networks, int endpoints,
    @Schema(description = "Embedded DNS counters since start: queries, answered (from the registry), forwarded, failures, "
        + "and the number of sandboxes with a resolver") Map<String, Long> dns,
    @Schema(description = "GET /v1/events: clients streaming now (subscribers) and events dropped since start for clients "
        + "that read too slowly (dropped)") Map<String, Long> events) {}
