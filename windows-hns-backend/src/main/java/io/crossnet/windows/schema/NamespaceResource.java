package io.crossnet.windows.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** Something in a namespace: {@code Type} {@code Endpoint} or {@code Container}, {@code Data} {@code {"ID": ...}}. */
public record NamespaceResource(String type, JsonNode data) {}
