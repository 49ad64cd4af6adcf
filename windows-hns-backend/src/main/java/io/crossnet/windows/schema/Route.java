package io.crossnet.windows.schema;

/** A route of a subnet or an endpoint. */
public record Route(String nextHop, String destinationPrefix, Integer metric) {}
