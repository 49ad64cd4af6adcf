package io.crossnet.windows.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crossnet.core.error.BackendFailure;

/**
 * The one mapper for HNS documents: PascalCase names as HNS spells them (explicit names such as
 * {@code ID} and {@code VIP} are annotated where the naming rule would get them wrong), empty and
 * null members omitted like hcsshim's {@code omitempty}, and unknown members ignored because HNS
 * answers with more than crossnet reads ({@code State}, {@code Health}, ...).
 */
public final class HnsJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
      .serializationInclusion(JsonInclude.Include.NON_EMPTY)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private HnsJson() {}

  public static String write(Object document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("HNS document did not serialize: " + document, e);
    }
  }

  /** Parses what HNS returned; a document crossnet cannot read is a failure of the HNS call. */
  public static <T> T read(String json, Class<T> type, String function) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new BackendFailure(function, "unreadable-result", "HNS answered with a document crossnet cannot read: "
          + e.getOriginalMessage(), e);
    }
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + node, e);
    }
  }
}
