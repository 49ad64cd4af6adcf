package io.crossnet.core.model;

import io.crossnet.core.error.InvalidRequest;
import java.util.regex.Pattern;

/**
 * A container's network stack. On Linux a network namespace path: {@code /var/run/netns/NAME},
 * {@code /run/netns/NAME} or {@code /proc/PID/ns/net}; on Windows an HNS namespace GUID. Only
 * these shapes are accepted, so no user string can name an arbitrary file.
 */
public record SandboxRef(String path) {
  private static final Pattern NAMED = Pattern.compile("/(var/)?run/netns/[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
  private static final Pattern PROC = Pattern.compile("/proc/[1-9][0-9]{0,9}(/task/[1-9][0-9]{0,9})?/ns/net");
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public static SandboxRef parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidRequest(field, "is required: a network namespace path (/var/run/netns/NAME, /proc/PID/ns/net) or an HNS namespace GUID");
    }
    if (!(NAMED.matcher(text).matches() || PROC.matcher(text).matches() || GUID.matcher(text).matches())) {
      throw new InvalidRequest(field, "'" + Names.printable(text)
          + "' is not a network namespace path (/var/run/netns/NAME, /run/netns/NAME, /proc/PID/ns/net) or an HNS namespace GUID");
    }
    return new SandboxRef(text);
  }

  /** The NAME of {@code /var/run/netns/NAME}, or null for other shapes. */
  public String netnsName() {
    return NAMED.matcher(path).matches() ? path.substring(path.lastIndexOf('/') + 1) : null;
  }

  public boolean isGuid() {
    return GUID.matcher(path).matches();
  }

  /** The same namespace whether named under /var/run or /run: one key for idempotent attach. */
  public String key() {
    return path.startsWith("/var/run/") ? path.substring(4) : path;
  }

  @Override
  public String toString() {
    return path;
  }
}
