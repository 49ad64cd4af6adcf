package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The network options discovery reads. Network option validation lives in the flow package; the
 * checks here are the rules it should apply to these two keys, kept next to the code that reads
 * them so both agree.
 */
public final class DiscoveryOptions {
  /** An optional domain suffix: endpoint {@code web} then also answers as {@code web.<domain>}. */
  public static final String DOMAIN = "dnsDomain";

  /** Comma-separated upstream resolver addresses (IP literals) for this network's sandboxes. */
  public static final String SERVERS = "dnsServers";

  /** Letters, digits, '-' and '_' per label, labels of 1-63, at most 253 in all (RFC 1035, relaxed for '_'). */
  private static final Pattern DOMAIN_SYNTAX =
      Pattern.compile("(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

  private static final int MAX_SERVERS = 8;

  private DiscoveryOptions() {}

  /** A problem with a {@link #DOMAIN} value, or null when it is fine. A trailing dot is allowed. */
  public static String checkDomain(String value) {
    String v = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    if (!DOMAIN_SYNTAX.matcher(v).matches()) {
      return "must be a DNS domain such as cluster.example (labels of letters, digits, '-', '_')";
    }
    if (v.toLowerCase(Locale.ROOT).endsWith("arpa")) {
      return "must not be a reverse-lookup domain";
    }
    return null;
  }

  /** A problem with a {@link #SERVERS} value, or null when it is fine. */
  public static String checkServers(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length > MAX_SERVERS) {
      return "at most " + MAX_SERVERS + " servers";
    }
    for (String p : parts) {
      IpAddress a = IpAddress.tryParse(p.trim());
      if (a == null) {
        return "must be comma-separated IPv4 or IPv6 addresses";
      }
      if (Forwarder.isSelf(a)) {
        return "must not name 127.0.0.11, crossnet's own resolver (it would forward to itself)";
      }
    }
    return null;
  }

  /** The network's domain, lower-cased and without a trailing dot, or null when unset or invalid. */
  static String domain(Network n) {
    String v = n.option(DOMAIN, null);
    if (v == null || checkDomain(v) != null) {
      return null;
    }
    v = v.toLowerCase(Locale.ROOT);
    return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
  }

  /** The network's upstream servers; empty when unset or invalid (the host's are used then). */
  static List<IpAddress> servers(Network n) {
    String v = n.option(SERVERS, null);
    if (v == null || checkServers(v) != null) {
      return List.of();
    }
    List<IpAddress> out = new ArrayList<>();
    for (String p : v.split(",")) {
      out.add(IpAddress.tryParse(p.trim()));
    }
    return List.copyOf(out);
  }
}
