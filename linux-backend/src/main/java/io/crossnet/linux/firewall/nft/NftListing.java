package io.crossnet.linux.firewall.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads libnftables' JSON listing ({@code nft -j list table inet crossnet}) into set elements.
 *
 * <p>Shapes in 1.0.x: a set's {@code elem} array holds either bare values or, when an element has
 * a comment (ours always do), {@code {"elem": {"val": V, "comment": C}}}. V is a string (address
 * or interface name), {@code {"prefix": {"addr", "len"}}}, {@code {"range": [a, b]}} or
 * {@code {"concat": [...]}}. A single address in an interval set comes back bare, without /32.
 */
final class NftListing {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NftListing() {}

  /** Every element of every set in crossnet's table, in listing order. */
  static List<NftElement> elements(String json) {
    JsonNode root = parse(json);
    List<NftElement> out = new ArrayList<>();
    for (JsonNode item : root.path("nftables")) {
      JsonNode map = item.get("map");
      if (map != null && NftRuleset.FAMILY.equals(map.path("family").asText())
          && NftRuleset.TABLE_NAME.equals(map.path("table").asText())) {
        String name = map.path("name").asText();
        // a map element is [key, value]; the key carries the comment as a set element does
        for (JsonNode pair : map.path("elem")) {
          JsonNode wrapped = pair.path(0).get("elem");
          JsonNode val = wrapped != null ? wrapped.get("val") : pair.path(0);
          String comment = wrapped != null ? wrapped.path("comment").asText(null) : null;
          out.add(new NftElement(name, key(name, val), key(name, pair.path(1)), owner(comment)));
        }
        continue;
      }
      JsonNode set = item.get("set");
      if (set == null
          || !NftRuleset.FAMILY.equals(set.path("family").asText())
          || !NftRuleset.TABLE_NAME.equals(set.path("table").asText())) {
        continue;
      }
      String name = set.path("name").asText();
      for (JsonNode e : set.path("elem")) {
        JsonNode wrapped = e.get("elem");
        JsonNode val = wrapped != null ? wrapped.get("val") : e;
        String comment = wrapped != null ? wrapped.path("comment").asText(null) : null;
        out.add(new NftElement(name, key(name, val), owner(comment)));
      }
    }
    return out;
  }

  /** Whether a JSON listing of tables ({@code list tables}) includes crossnet's. */
  static boolean hasTable(String json) {
    for (JsonNode item : parse(json).path("nftables")) {
      JsonNode t = item.get("table");
      if (t != null && NftRuleset.FAMILY.equals(t.path("family").asText())
          && NftRuleset.TABLE_NAME.equals(t.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.isBlank() ? "{}" : json);
    } catch (IOException e) {
      throw new BackendFailure("nft list", "nft", "unreadable JSON listing: " + e.getMessage(), e);
    }
  }

  private static String owner(String comment) {
    return comment != null && comment.startsWith(NftRuleset.OWNER_PREFIX)
        ? comment.substring(NftRuleset.OWNER_PREFIX.length())
        : null;
  }

  private static List<String> key(String set, JsonNode val) {
    JsonNode concat = val.get("concat");
    if (concat != null) {
      List<String> parts = new ArrayList<>();
      for (JsonNode p : concat) {
        parts.add(part(set, p));
      }
      return parts;
    }
    return List.of(part(set, val));
  }

  /** Canonical text: prefixes through {@link IpPrefix} so they compare equal to what we add. */
  private static String part(String set, JsonNode v) {
    boolean addresses = NftRuleset.NAT_V4.equals(set) || NftRuleset.NAT_V6.equals(set);
    if (v.isTextual()) {
      IpAddress a = addresses ? IpAddress.tryParse(v.asText()) : null;
      return a != null ? NftRuleset.prefix(new IpPrefix(a, a.bits())) : v.asText();
    }
    JsonNode prefix = v.get("prefix");
    if (prefix != null) {
      IpAddress a = IpAddress.tryParse(prefix.path("addr").asText());
      int len = prefix.path("len").asInt(-1);
      if (a != null && len >= 0 && len <= a.bits()) {
        return NftRuleset.prefix(new IpPrefix(a, len));
      }
      return prefix.path("addr").asText() + "/" + len;
    }
    JsonNode range = v.get("range");
    if (range != null && range.size() == 2) {
      return range.get(0).asText() + "-" + range.get(1).asText();
    }
    return v.toString();
  }
}
