package io.crossnet.service.api;

import java.util.List;

/** Names of the networks a prune deleted. */
public record PruneResult(List<String> networksDeleted) {}
