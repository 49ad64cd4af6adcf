package io.crossnet.linux.firewall.nft;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import jnr.ffi.Pointer;

/**
 * One libnftables context bound to a network namespace.
 *
 * <p>Namespace: libnftables (1.0.x) opens the context's {@code NETLINK_NETFILTER} socket inside
 * {@code nft_ctx_new} when the flags are {@code NFT_CTX_DEFAULT}, keeps it in the context and
 * sends every command over it (the old per-command {@code nft_mnl_socket_reopen} was removed in
 * 0.9.9). A netlink socket stays bound to the namespace it was created in, so creating the context
 * inside {@link NetNs#run} and then using it from any thread reaches that namespace, without a
 * thread switch per command. The one exception is the interface-name cache ({@code iif}/{@code oif}
 * and ifindex printing), which opens a fresh {@code NETLINK_ROUTE} socket in the calling thread's
 * namespace: crossnet's rules therefore only use {@code iifname}/{@code oifname}.
 *
 * <p>Threads: a context is not thread-safe, and libnftables keeps process-wide state as well (the
 * interface cache, one-time GMP set-up), so every call into the library, for every context, takes
 * one process-wide lock.
 */
final class NftContext implements AutoCloseable {
  private static final ReentrantLock LIBRARY_LOCK = new ReentrantLock();

  private final NftLib lib;
  private final NetNs ns;
  private Pointer ctx;

  private NftContext(NftLib lib, NetNs ns, Pointer ctx) {
    this.lib = lib;
    this.ns = ns;
    this.ctx = ctx;
  }

  /** Creates a context whose netlink socket lives in {@code ns}. */
  static NftContext open(NetNs ns) {
    NftLib lib = NftLib.get();
    LIBRARY_LOCK.lock();
    try {
      Pointer ctx = ns.run(() -> lib.nft_ctx_new(NftLib.CTX_DEFAULT));
      if (ctx == null) {
        throw new BackendFailure("nft context", "nft", "nft_ctx_new returned NULL in " + ns);
      }
      if (lib.nft_ctx_buffer_output(ctx) != 0 || lib.nft_ctx_buffer_error(ctx) != 0) {
        lib.nft_ctx_free(ctx);
        throw new BackendFailure("nft context", "nft", "cannot buffer libnftables output");
      }
      return new NftContext(lib, ns, ctx);
    } finally {
      LIBRARY_LOCK.unlock();
    }
  }

  NetNs netns() {
    return ns;
  }

  /**
   * Runs a buffer of commands as one transaction (libnftables sends a buffer as one netlink batch:
   * all commands apply or none). Returns the text output; a refusal is a {@link BackendFailure}
   * named {@code nft <op>} carrying libnftables' error text.
   */
  String run(String op, String commands) {
    return call(op, commands, 0);
  }

  /** Like {@link #run}, with JSON output (for listings). */
  String runJson(String op, String commands) {
    return call(op, commands, NftLib.OUTPUT_JSON);
  }

  private String call(String op, String commands, int outputFlags) {
    byte[] text = commands.getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[text.length + 1];
    System.arraycopy(text, 0, buf, 0, text.length);
    LIBRARY_LOCK.lock();
    try {
      if (ctx == null) {
        throw new IllegalStateException("nft context for " + ns + " is closed");
      }
      // JSON output also makes the parser try JSON input first; set it only for this call
      lib.nft_ctx_output_set_flags(ctx, outputFlags);
      int rc;
      try {
        rc = lib.nft_run_cmd_from_buffer(ctx, buf);
      } finally {
        lib.nft_ctx_output_set_flags(ctx, 0);
      }
      // both reads also rewind the buffers for the next command
      String out = string(lib.nft_ctx_get_output_buffer(ctx));
      String err = string(lib.nft_ctx_get_error_buffer(ctx));
      if (rc != 0) {
        throw new BackendFailure("nft " + op, "nft", err.isBlank() ? "exit " + rc : err.strip());
      }
      return out;
    } finally {
      LIBRARY_LOCK.unlock();
    }
  }

  private static String string(Pointer p) {
    return p == null ? "" : p.getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    LIBRARY_LOCK.lock();
    try {
      if (ctx != null) {
        lib.nft_ctx_free(ctx);
        ctx = null;
      }
    } finally {
      LIBRARY_LOCK.unlock();
    }
  }
}
