package io.crossnet.linux.ns;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.CrossnetException;
import io.crossnet.core.error.NotFound;
import io.crossnet.linux.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A network namespace named by a path ({@code /var/run/netns/x}, {@code /proc/PID/ns/net}), or the
 * namespace this process started in ({@link #current()}).
 *
 * <p>{@link #run} is the only place crossnet calls {@code setns}. It runs the task on a new
 * platform thread (never pooled or virtual: a carrier thread would carry the namespace to
 * unrelated work), restores the thread's namespace in {@code finally} and lets the thread end,
 * so even a failed restore taints nothing. Tasks must only open sockets or contexts there and
 * return; nothing may escape (no threads, executors or lazy results), because a thread started
 * inside inherits the namespace.
 */
public final class NetNs {
  private static final NetNs CURRENT = new NetNs(null);

  private final String path;

  private NetNs(String path) {
    this.path = path;
  }

  /** The namespace of the process itself; {@link #run} calls the task directly. */
  public static NetNs current() {
    return CURRENT;
  }

  public static NetNs at(String path) {
    return path == null || path.isEmpty() ? CURRENT : new NetNs(path);
  }

  public boolean isCurrent() {
    return path == null;
  }

  /** The path, or null for {@link #current()}. */
  public String path() {
    return path;
  }

  /**
   * Whether both name the same namespace: the same nsfs inode (device and inode number), however
   * they are reached ({@code /var/run/netns/x}, {@code /proc/PID/ns/net}). A missing path is
   * {@link io.crossnet.core.error.NotFound}.
   */
  public boolean sameAs(NetNs other) {
    return identity().equals(other.identity());
  }

  private List<Object> identity() {
    Path p = Path.of(path == null ? "/proc/self/ns/net" : path);
    try {
      return List.of(Files.getAttribute(p, "unix:dev"), Files.getAttribute(p, "unix:ino"));
    } catch (NoSuchFileException e) {
      throw new NotFound("network namespace " + p + " not found");
    } catch (IOException e) {
      throw new BackendFailure("stat " + p, "EIO", e.getMessage(), e);
    }
  }

  /** Whether the path exists and is a network namespace. */
  public boolean exists() {
    try {
      check();
      return true;
    } catch (CrossnetException e) {
      return false;
    }
  }

  /**
   * Checks that the path is a network namespace without entering it (an open and one ioctl):
   * a missing path is {@link io.crossnet.core.error.NotFound}, anything else that is not a
   * network namespace a {@link BackendFailure} with {@code EINVAL}.
   */
  public void check() {
    if (path == null) {
      return;
    }
    int fd = Sys.openReadOnly(path);
    try {
      if (Sys.nsType(fd, path) != Sys.CLONE_NEWNET) {
        throw new BackendFailure("check netns " + path, "EINVAL", "not a network namespace");
      }
    } finally {
      Sys.close(fd);
    }
  }

  /**
   * Runs {@code task} with the calling thread inside this namespace. A missing path is
   * {@link io.crossnet.core.error.NotFound}; a path that is not a network namespace is a
   * {@link BackendFailure} with {@code EINVAL}.
   */
  public <T> T run(Callable<T> task) {
    if (path == null) {
      return call(task);
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        result.set(enterAndCall(task));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "netns " + path);
    t.setDaemon(true);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException re) {
      throw re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new BackendFailure("in netns " + path, e.getClass().getSimpleName(), e.getMessage(), e);
    }
    return result.get();
  }

  private <T> T enterAndCall(Callable<T> task) throws Exception {
    int self = Sys.openReadOnly("/proc/thread-self/ns/net");
    try {
      int target = Sys.openReadOnly(path);
      try {
        Sys.setns(target, path);
      } finally {
        Sys.close(target);
      }
      try {
        return task.call();
      } finally {
        // the thread ends right after; restoring anyway keeps the task's finally blocks honest
        Sys.setns(self, "/proc/thread-self/ns/net (restore)");
      }
    } finally {
      Sys.close(self);
    }
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new BackendFailure("netns task", e.getClass().getSimpleName(), e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return path == null ? "current netns" : path;
  }
}
