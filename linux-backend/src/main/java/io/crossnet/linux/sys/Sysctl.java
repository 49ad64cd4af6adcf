package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import java.util.regex.Pattern;

/**
 * Reads and writes kernel settings under {@code /proc/sys} in a given network namespace.
 *
 * <p>Why a thread inside the namespace is enough: {@code /proc/sys/net} is resolved against the
 * network namespace of the task that looks the path up ({@code current->nsproxy}), per thread,
 * unlike {@code /proc/net}, which is a link to {@code /proc/self/net} and so follows the thread
 * group leader. The lookup happens at open, so the file is opened, read or written and closed on
 * the thread that {@link NetNs#run} moved into the namespace ({@code SysctlTest} checks this
 * against {@code ip netns exec}). The files are opened through {@link ProcSys}, which says why not
 * through the machine's {@code /proc/sys}.
 */
public final class Sysctl {
  /** Dotted keys such as {@code net.ipv4.ip_forward}; no empty parts, so no {@code ..}. */
  private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_-]+)+");

  private Sysctl() {}

  /** The value of {@code key} in {@code ns}, trimmed; null when the key does not exist there. */
  public static String read(NetNs ns, String key) {
    String p = path(key);
    return ns.run(() -> {
      String value = ProcSys.read(p, "read sysctl " + key + " in " + ns);
      return value == null ? null : value.trim();
    });
  }

  /** Sets {@code key} in {@code ns} unless it already holds {@code value}. */
  public static void write(NetNs ns, String key, String value) {
    String p = path(key);
    String what = "write sysctl " + key + "=" + value + " in " + ns;
    ns.run(() -> {
      String now = ProcSys.read(p, what);
      if (now != null && value.equals(now.trim())) {
        return null;
      }
      if (!ProcSys.write(p, value + "\n", what)) {
        throw new BackendFailure(what, "ENOENT", "no such setting");
      }
      return null;
    });
  }

  /**
   * Turns IPv6 off on one interface of {@code ns} ({@code net.ipv6.conf.DEVICE.disable_ipv6}, by
   * path: a device name may hold a dot). Done while the interface is still down, the kernel gives
   * it no link-local address and no IPv6 route, and sends nothing from it (no DAD, router
   * solicitation or MLD report). A kernel without IPv6 has nothing to turn off.
   */
  public static void disableIpv6(NetNs ns, String device) {
    ns.run(() -> {
      try (Ipv6Conf conf = Ipv6Conf.openHere(ns.toString())) {
        conf.disable(device);
      }
      return null;
    });
  }

  /** The key's file, relative to {@code /proc/sys}. */
  private static String path(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a sysctl key: " + key);
    }
    return key.replace('.', '/');
  }
}
