package io.crossnet.windows.schema;

import java.util.List;

/** DNS settings of a network or an endpoint. */
public record Dns(String domain, List<String> search, List<String> serverList, List<String> options) {}
