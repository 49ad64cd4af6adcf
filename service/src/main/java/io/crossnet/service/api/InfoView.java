package io.crossnet.service.api;

import java.util.Map;

/** What this service runs on: backend, host facts it relies on, store, counts. */
public record InfoView(String version, String backend, Map<String, String> host, String dataDir, int networks, int endpoints) {}
