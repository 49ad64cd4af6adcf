package io.crossnet.linux.firewall.iptables;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Spawn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code iptables-restore}/{@code ip6tables-restore} and {@code iptables-save}/
 * {@code ip6tables-save} inside the host namespace: the only processes crossnet starts. The
 * argument lists are fixed (no shell, nothing user-derived in argv); rules go to the tool's stdin.
 * A refusal is a {@link BackendFailure} carrying the tool's stderr; a tool that does not finish
 * within {@link #TIMEOUT_MILLIS} is killed and reported.
 *
 * <p>Why a process at all, when every other kernel change is in-process: iptables has no
 * supported library (libiptc is internal to iptables and breaks between releases, and the
 * nf_tables flavour of iptables builds its rules in the tool itself), so the tool is the only
 * stable interface. The cost is kept off the common path: nftables, in-process through
 * libnftables, is the default driver; with iptables chosen, a change is one batched
 * {@code restore} per family (never one process per rule), and an attach without published
 * ports starts none.
 */
final class IptablesTool {
  static final long TIMEOUT_MILLIS = 30_000;
  /** Seconds to wait for the xtables lock (held by a concurrent legacy iptables user) before failing. */
  private static final String LOCK_WAIT = "5";
  private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
  private static final List<String> ENV = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C");

  private final NetNs ns;
  private final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

  IptablesTool(NetNs ns) {
    this.ns = ns;
  }

  /** Applies {@code rules} (iptables-restore format) without flushing anything else: {@code --noflush}. */
  void restore(Family family, String rules) {
    String tool = family.restoreTool();
    run(tool, List.of(tool, "-w", LOCK_WAIT, "--noflush"), rules);
  }

  /** Every table of the family, in iptables-save format. */
  String save(Family family) {
    String tool = family.saveTool();
    return run(tool, List.of(tool), "");
  }

  /** How many processes this instance has started (tests check that a change is one per family). */
  int runs() {
    return runs.get();
  }

  private String run(String tool, List<String> argv, String stdin) {
    String path = locate(tool);
    runs.incrementAndGet();
    Spawn.Result r = ns.run(() -> Spawn.run(path, argv, ENV, stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT_MILLIS));
    if (r.exit() != 0) {
      String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
      throw new BackendFailure(tool, "exit " + r.exit(), err.isBlank() ? "failed without a message" : err.strip());
    }
    return r.stdout();
  }

  /** Fails unless every tool of both families is installed. */
  static void requireTools() {
    for (Family f : Family.values()) {
      locate(f.restoreTool());
      locate(f.saveTool());
    }
  }

  private static String locate(String tool) {
    for (String dir : DIRS) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new BackendFailure(tool, "ENOENT", tool + " not found in " + DIRS + " (install the iptables package)");
  }
}
