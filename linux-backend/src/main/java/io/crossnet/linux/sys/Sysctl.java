package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Names;
import io.crossnet.linux.ns.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads and writes kernel settings under {@code /proc/sys} in a given network namespace.
 *
 * <p>Why a thread inside the namespace is enough: {@code /proc/sys/net} is resolved against the
 * network namespace of the task that looks the path up ({@code current->nsproxy}), per thread,
 * unlike {@code /proc/net}, which is a link to {@code /proc/self/net} and so follows the thread
 * group leader. The lookup happens at open, so the file is opened, read or written and closed on
 * the thread that {@link NetNs#run} moved into the namespace ({@code SysctlTest} checks this
 * against {@code ip netns exec}).
 */
public final class Sysctl {
  /** Dotted keys such as {@code net.ipv4.ip_forward}; no empty parts, so no {@code ..}. */
  private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[A-Za-z0-9_-]+)+");

  private Sysctl() {}

  /** The value of {@code key} in {@code ns}, trimmed; null when the key does not exist there. */
  public static String read(NetNs ns, String key) {
    Path p = path(key);
    return ns.run(() -> {
      try {
        return readOnce(p);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new BackendFailure("read sysctl " + key + " in " + ns, "EIO", e.getMessage(), e);
      }
    });
  }

  /** Sets {@code key} in {@code ns} unless it already holds {@code value}. */
  public static void write(NetNs ns, String key, String value) {
    Path p = path(key);
    ns.run(() -> {
      try {
        if (value.equals(readOnce(p))) {
          return null;
        }
        Files.writeString(p, value + "\n", StandardCharsets.US_ASCII);
        return null;
      } catch (IOException e) {
        throw new BackendFailure("write sysctl " + key + "=" + value + " in " + ns, "EIO", e.getMessage(), e);
      }
    });
  }

  /**
   * Turns IPv6 off on one interface of {@code ns} ({@code net.ipv6.conf.DEVICE.disable_ipv6}, by
   * path: a device name may hold a dot). Done while the interface is still down, the kernel gives
   * it no link-local address and no IPv6 route, and sends nothing from it (no DAD, router
   * solicitation or MLD report). A kernel without IPv6 has nothing to turn off.
   */
  public static void disableIpv6(NetNs ns, String device) {
    if (!Names.INTERFACE.matcher(device).matches()) {
      throw new IllegalArgumentException("not an interface name: " + device);
    }
    Path p = Path.of("/proc/sys/net/ipv6/conf", device, "disable_ipv6");
    ns.run(() -> {
      try {
        Files.writeString(p, "1\n", StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        if (Files.isDirectory(p.getParent().getParent())) {
          throw new BackendFailure("disable IPv6 on " + device + " in " + ns, "ENODEV", "no such interface", e);
        }
      } catch (IOException e) {
        throw new BackendFailure("disable IPv6 on " + device + " in " + ns, "EIO", e.getMessage(), e);
      }
      return null;
    });
  }

  /**
   * The value in one read call: handlers such as {@code proc_dointvec_userhz_jiffies} answer a
   * read at a non-zero offset with end of file, so a reader that fetches a byte at a time (as
   * {@code Files.readString} does on a file whose size is 0) sees {@code 8} for {@code 80}.
   */
  private static String readOnce(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[4096];
      int n = in.read(buf);
      return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
    }
  }

  private static Path path(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a sysctl key: " + key);
    }
    return Path.of("/proc/sys", key.replace('.', '/'));
  }
}
