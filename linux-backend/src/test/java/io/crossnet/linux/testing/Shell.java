package io.crossnet.linux.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command for test set-up and checks ({@code ip}, {@code nft}, busybox). Product code never
 * forks; tests use the standard tools as an independent witness of the kernel state.
 */
public final class Shell {
  private Shell() {}

  public record Result(int exit, String out, String err) {
    public Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ": " + err + out);
      }
      return this;
    }
  }

  public static Result run(String... argv) {
    return run(List.of(argv));
  }

  public static Result run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      // read both streams fully; outputs here are small
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + argv);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + argv + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs and expects exit 0; returns stdout. */
  public static String ok(String... argv) {
    return run(argv).ok().out();
  }

  /** Runs a command inside a named namespace ({@code ip netns exec}). */
  public static Result in(TestNetns ns, String... argv) {
    List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
    full.addAll(List.of(argv));
    return run(full);
  }
}
