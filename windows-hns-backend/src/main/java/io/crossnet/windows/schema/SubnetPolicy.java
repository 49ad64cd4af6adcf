package io.crossnet.windows.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A subnet policy as HNS stores it: a type and its settings. Settings stay a JSON tree so policies
 * crossnet does not model survive a read; {@link #of} and {@link #settings} convert to the typed
 * {@link SubnetPolicySetting}s.
 */
public record SubnetPolicy(String type, JsonNode settings) {

  public static SubnetPolicy of(SubnetPolicySetting setting) {
    return new SubnetPolicy(setting.policyType(), HnsJson.tree(setting));
  }

  /** The settings as {@code type}, which must be the class for this policy's {@code Type}. */
  public <T extends SubnetPolicySetting> T settings(Class<T> type) {
    return HnsJson.fromTree(settings, type);
  }
}
