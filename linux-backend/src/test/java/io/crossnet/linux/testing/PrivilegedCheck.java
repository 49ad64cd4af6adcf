package io.crossnet.linux.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/** Enforces {@link Privileged}: skip with a reason locally, fail under CI. */
public final class PrivilegedCheck implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    String missing = missingPrivilege();
    if (missing == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("privileged test cannot run under CI=true: " + missing);
    }
    throw new TestAbortedException("skipped, needs root: " + missing);
  }

  /** Null when this process may create namespaces and links, else what is missing. */
  public static String missingPrivilege() {
    if (!"Linux".equals(System.getProperty("os.name"))) {
      return "not Linux";
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          boolean netAdmin = (caps & (1L << 12)) != 0;
          boolean sysAdmin = (caps & (1L << 21)) != 0;
          return netAdmin && sysAdmin ? null : "CAP_NET_ADMIN and CAP_SYS_ADMIN required (run as root)";
        }
      }
    } catch (Exception e) {
      return "cannot read /proc/self/status: " + e;
    }
    return "no CapEff in /proc/self/status";
  }
}
