package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Runs one program to its end, feeding it stdin and collecting stdout and stderr: the only way
 * crossnet starts a process (the iptables driver's restore and save tools, nothing else; why that
 * driver needs a process at all, and how it stays off the default path, is in {@code IptablesTool}).
 *
 * <p>Why posix_spawn and not {@link ProcessBuilder}: posix_spawn clones the calling thread, so
 * the child is born in that thread's network namespace, and inside {@code NetNs.run} that is the
 * target namespace. {@link ProcessBuilder} would also start a JDK "process reaper" thread from the
 * calling thread, which would inherit the namespace and outlive the task (the namespace rule: nothing
 * escapes {@code run}). Here the caller's thread waits for the child itself.
 *
 * <p>No shell: {@code argv} goes to the program as is and the environment is exactly
 * {@code env}; the child gets only its three pipes (every other descriptor is closed), an empty
 * signal mask and default signal actions. A program still running at the deadline is killed.
 */
public final class Spawn {
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final short POLLIN = 0x1;
  private static final short POLLOUT = 0x4;
  private static final int WNOHANG = 1;
  private static final int SIGKILL = 9;
  /** POLLOUT promises room for PIPE_BUF bytes, so writes this size never block. */
  private static final int PIPE_BUF = 4096;

  /** How the program ended: its exit code (128 + signal number when a signal ended it) and its output. */
  public record Result(int exit, String stdout, String stderr) {}

  private Spawn() {}

  /** Runs {@code path} with {@code argv} ({@code argv[0]} included) and waits at most {@code timeoutMillis}. */
  public static Result run(String path, List<String> argv, List<String> env, byte[] stdin, long timeoutMillis) {
    String what = String.join(" ", argv);
    int[] in = pipe(what);
    int[] out = pipe(what);
    int[] err = pipe(what);
    int pid;
    try {
      pid = spawn(path, argv, env, in[0], out[1], err[1], what);
    } catch (RuntimeException e) {
      Sys.close(in[1]);
      Sys.close(out[0]);
      Sys.close(err[0]);
      throw e;
    } finally {
      // the child has its copies; ours would keep the pipes open past its end
      Sys.close(in[0]);
      Sys.close(out[1]);
      Sys.close(err[1]);
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      pump(in, stdin, out[0], stdout, err[0], stderr, deadline, what);
      return new Result(await(pid, deadline, what, stderr), stdout.toString(StandardCharsets.UTF_8),
          stderr.toString(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      Sys.LIBC.kill(pid, SIGKILL);
      Sys.LIBC.waitpid(pid, new IntByReference(), 0);
      throw e;
    } finally {
      Sys.close(in[1]);
      Sys.close(out[0]);
      Sys.close(err[0]);
    }
  }

  private static int spawn(String path, List<String> argv, List<String> env, int stdin, int stdout, int stderr, String what) {
    try (Native mem = new Native()) {
      return spawn(mem, path, argv, env, stdin, stdout, stderr, what);
    }
  }

  private static int spawn(Native mem, String path, List<String> argv, List<String> env, int stdin, int stdout, int stderr,
      String what) {
    // opaque glibc structs, sized generously: posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128
    Pointer actions = mem.allocate(256);
    Pointer attr = mem.allocate(1024);
    Pointer sigset = mem.allocate(256);
    check(Sys.LIBC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init", what);
    try {
      check(Sys.LIBC.posix_spawn_file_actions_adddup2(actions, stdin, 0), "posix_spawn_file_actions_adddup2", what);
      check(Sys.LIBC.posix_spawn_file_actions_adddup2(actions, stdout, 1), "posix_spawn_file_actions_adddup2", what);
      check(Sys.LIBC.posix_spawn_file_actions_adddup2(actions, stderr, 2), "posix_spawn_file_actions_adddup2", what);
      check(Sys.LIBC.posix_spawn_file_actions_addclosefrom_np(actions, 3), "posix_spawn_file_actions_addclosefrom_np", what);
      check(Sys.LIBC.posix_spawnattr_init(attr), "posix_spawnattr_init", what);
      try {
        Sys.LIBC.sigemptyset(sigset);
        check(Sys.LIBC.posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask", what);
        // the JVM ignores some signals (SIGPIPE among them); an ignored signal stays ignored across exec
        Sys.LIBC.sigfillset(sigset);
        check(Sys.LIBC.posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault", what);
        check(Sys.LIBC.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
            "posix_spawnattr_setflags", what);
        IntByReference pid = new IntByReference();
        int rc = Sys.LIBC.posix_spawn(pid, path, actions, attr, strings(mem, argv), strings(mem, env));
        if (rc != 0) {
          throw new BackendFailure("spawn " + what, Errno.name(rc), path + ": " + Sys.strerror(rc));
        }
        return pid.intValue();
      } finally {
        Sys.LIBC.posix_spawnattr_destroy(attr);
      }
    } finally {
      Sys.LIBC.posix_spawn_file_actions_destroy(actions);
    }
  }

  /**
   * Writes stdin and reads both outputs as each is ready, until all three pipes are done. Closes
   * stdin once written (the program reads to its end) and marks it closed in {@code in[1]}.
   */
  private static void pump(int[] in, byte[] stdin, int outFd, ByteArrayOutputStream stdout, int errFd,
      ByteArrayOutputStream stderr, long deadline, String what) {
    int[] fds = {in[1], outFd, errFd};
    boolean[] open = {true, true, true};
    if (stdin.length == 0) {
      closeStdin(in);
      open[0] = false;
    }
    try (Native mem = new Native()) {
      pump(mem.allocate(3 * 8), in, stdin, fds, open, stdout, stderr, deadline, what);
    }
  }

  private static void pump(Pointer pollfds, int[] in, byte[] stdin, int[] fds, boolean[] open, ByteArrayOutputStream stdout,
      ByteArrayOutputStream stderr, long deadline, String what) {
    int inFd = fds[0];
    int written = 0;
    byte[] buf = new byte[65536];
    while (open[0] || open[1] || open[2]) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new BackendFailure(what, "ETIMEDOUT", "still running at the deadline; stderr: " + stderr.toString(StandardCharsets.UTF_8).strip());
      }
      int n = 0;
      int[] slot = new int[3];
      for (int i = 0; i < 3; i++) {
        if (open[i]) {
          pollfds.putInt(n * 8L, fds[i]);
          pollfds.putShort(n * 8L + 4, i == 0 ? POLLOUT : POLLIN);
          pollfds.putShort(n * 8L + 6, (short) 0);
          slot[i] = n++;
        }
      }
      if (Sys.LIBC.poll(pollfds, n, (int) Math.min(left, 1000)) < 0) {
        int errno = Sys.lastErrno();
        if (errno == Errno.EINTR) {
          continue;
        }
        throw Sys.failure("poll " + what, errno);
      }
      for (int i = 0; i < 3; i++) {
        if (!open[i] || pollfds.getShort(slot[i] * 8L + 6) == 0) {
          continue;
        }
        if (i == 0) {
          int chunk = Math.min(PIPE_BUF, stdin.length - written);
          byte[] part = java.util.Arrays.copyOfRange(stdin, written, written + chunk);
          long w = Sys.LIBC.write(inFd, part, chunk);
          if (w < 0 && Sys.lastErrno() != Errno.EINTR && Sys.lastErrno() != Errno.EAGAIN) {
            // EPIPE: the program stopped reading (it failed early); its stderr says why
            open[0] = false;
            closeStdin(in);
          } else if (w > 0 && (written += (int) w) == stdin.length) {
            open[0] = false;
            closeStdin(in);
          }
        } else {
          long r = Sys.LIBC.read(fds[i], buf, buf.length);
          if (r > 0) {
            (i == 1 ? stdout : stderr).write(buf, 0, (int) r);
          } else if (r == 0 || Sys.lastErrno() != Errno.EINTR) {
            open[i] = false;
          }
        }
      }
    }
  }

  /** Reaps the child (its pipes are closed, so it is ending); 128 + signal when a signal ended it. */
  private static int await(int pid, long deadline, String what, ByteArrayOutputStream stderr) {
    IntByReference status = new IntByReference();
    while (true) {
      int r = Sys.LIBC.waitpid(pid, status, WNOHANG);
      if (r == pid) {
        int s = status.intValue();
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f);
      }
      if (r < 0 && Sys.lastErrno() != Errno.EINTR) {
        throw Sys.failure("waitpid " + what, Sys.lastErrno());
      }
      if (System.nanoTime() > deadline) {
        throw new BackendFailure(what, "ETIMEDOUT", "did not exit by the deadline; stderr: " + stderr.toString(StandardCharsets.UTF_8).strip());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackendFailure(what, "EINTR", "interrupted while waiting for the program to exit");
      }
    }
  }

  /** A NULL-terminated array of C strings, in {@code mem}. */
  private static Pointer strings(Native mem, List<String> values) {
    Pointer array = mem.allocate((values.size() + 1) * 8L);
    for (int i = 0; i < values.size(); i++) {
      byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
      for (byte c : b) {
        if (c == 0) {
          throw new IllegalArgumentException("NUL in an argument or environment entry");
        }
      }
      Pointer s = mem.allocate(b.length + 1L);
      s.put(0, b, 0, b.length);
      s.putByte(b.length, (byte) 0);
      array.putAddress(i * 8L, s.address());
    }
    array.putAddress(values.size() * 8L, 0L);
    return array;
  }

  /** malloc'd blocks freed together: no jnr-managed memory (see {@link LibC#malloc}). */
  private static final class Native implements AutoCloseable {
    private final List<Long> blocks = new ArrayList<>();

    Pointer allocate(long size) {
      long address = Sys.malloc(size);
      blocks.add(address);
      Pointer p = Pointer.wrap(Sys.RUNTIME, address);
      p.setMemory(0, size, (byte) 0);
      return p;
    }

    @Override
    public void close() {
      blocks.forEach(Sys.LIBC::free);
      blocks.clear();
    }
  }

  private static int[] pipe(String what) {
    int[] fds = new int[2];
    if (Sys.LIBC.pipe2(fds, Sys.O_CLOEXEC) != 0) {
      throw Sys.failure("pipe2 for " + what, Sys.lastErrno());
    }
    return fds;
  }

  private static void check(int rc, String call, String what) {
    if (rc != 0) {
      throw new BackendFailure(call + " for " + what, Errno.name(rc), Sys.strerror(rc));
    }
  }

  private static void closeStdin(int[] in) {
    Sys.close(in[1]);
    in[1] = -1;
  }
}
