package io.crossnet.core.flow;

import io.crossnet.core.discovery.DiscoveryOptions;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Names;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options a network accepts, each checked here once, so backends can trust them (no option
 * value reaches the kernel, nft or HNS unchecked).
 */
final class NetworkOptions {
  static final Set<String> KNOWN = Set.of("mtu", "bridgeName", "masquerade", "icc", "hostIp", "parent", "mode", "vlan", "vni",
      DiscoveryOptions.DOMAIN, DiscoveryOptions.SERVERS);

  private NetworkOptions() {}

  static Map<String, String> validate(Map<String, String> options, FieldErrors errors) {
    Map<String, String> out = new TreeMap<>();
    if (options == null) {
      return out;
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      String field = "options." + Names.printable(key);
      if (!KNOWN.contains(key)) {
        errors.add(field, "unknown option; known: " + new java.util.TreeSet<>(KNOWN));
        continue;
      }
      if (value == null) {
        errors.add(field, "must not be null");
        continue;
      }
      String problem = switch (key) {
        case "mtu" -> intRange(value, 68, 65535);
        case "vlan" -> intRange(value, 1, 4094);
        case "vni" -> intRange(value, 1, 16_777_215);
        case "masquerade", "icc" -> value.equals("true") || value.equals("false") ? null : "must be true or false";
        case "bridgeName", "parent" -> Names.INTERFACE.matcher(value).matches()
            ? null : "must be a Linux interface name: 1-15 of letters, digits, '_', '.', '-'";
        case "hostIp" -> IpAddress.tryParse(value) == null ? "must be an IPv4 or IPv6 address" : null;
        case "mode" -> Set.of("bridge", "private", "vepa", "passthru").contains(value)
            ? null : "must be one of bridge, private, vepa, passthru";
        case DiscoveryOptions.DOMAIN -> DiscoveryOptions.checkDomain(value);
        case DiscoveryOptions.SERVERS -> DiscoveryOptions.checkServers(value);
        default -> null;
      };
      if (problem != null) {
        errors.add(field, problem + " (got '" + Names.printable(value) + "')");
      } else {
        out.put(key, value);
      }
    }
    return out;
  }

  private static String intRange(String value, int min, int max) {
    if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
      return "must be a whole number from " + min + " to " + max;
    }
    int n = Integer.parseInt(value);
    return n < min || n > max ? "must be from " + min + " to " + max : null;
  }
}
