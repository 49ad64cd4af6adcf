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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace named by a path ({@code /var/run/netns/x}, {@code /proc/PID/ns/net}), or the
 * namespace this process started in ({@link #current()}).
 *
 * <p>{@link #run} is the only place crossnet calls {@code setns}. It runs the task on one of
 * a few platform threads kept for this alone (never virtual: a carrier thread would carry the
 * namespace to unrelated work). Each task enters its namespace and, in {@code finally}, goes
 * back to the process's own; a thread whose return fails is ended rather than reused, so a
 * failed restore taints nothing. Starting a thread per call was a third of a millisecond per
 * attach, twice (the sandbox's netlink socket, its DNS sockets). Tasks must only open sockets
 * or contexts there and return; nothing may escape (no threads, executors or lazy results),
 * because a thread started inside inherits the namespace.
 */
public final class NetNs {
  private static final NetNs CURRENT = new NetNs(null);
  private static final int MAX_WORKERS = 16;
  /** Idle workers wait this long for the next task; a busy burst of attaches reuses them. */
  private static final long WORKER_IDLE_SECONDS = 30;
  private static final ThreadPoolExecutor WORKERS = new ThreadPoolExecutor(0, MAX_WORKERS, WORKER_IDLE_SECONDS,
      TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "netns");
        t.setDaemon(true);
        return t;
      });
  /** The process's own namespace (the main thread's, which never calls setns), held open for returning. */
  private static volatile int home = -1;

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
   * Runs {@code task} inside this namespace and waits for it. A missing path is
   * {@link io.crossnet.core.error.NotFound}; a path that is not a network namespace is a
   * {@link BackendFailure} with {@code EINVAL}.
   */
  public <T> T run(Callable<T> task) {
    if (path == null) {
      return call(task);
    }
    return join(submit(task));
  }

  /**
   * Starts {@code task} inside this namespace on a worker and returns at once, so the caller can
   * do other work (create the link the task's socket will configure) while the worker enters;
   * {@link #join} waits for it with {@link #run}'s failures. The task itself follows the rules
   * of {@link #run}: it runs wholly on the worker, inside the namespace, and must only open
   * sockets or contexts and return.
   */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (path == null) {
      try {
        result.complete(call(task));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
      return result;
    }
    Runnable job = () -> {
      boolean returned = false;
      try {
        T value = enterAndCall(task);
        returned = true;
        result.complete(value);
      } catch (Returned e) {
        returned = true;
        result.completeExceptionally(e.getCause());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
      if (!returned) {
        // this thread may still be inside the task's namespace: end it instead of reusing it
        throw new IllegalStateException("netns worker could not return to the process's namespace");
      }
    };
    try {
      WORKERS.execute(job);
    } catch (RejectedExecutionException e) {
      // every worker busy: a thread of its own, ended after the task
      Thread t = new Thread(job, "netns " + path);
      t.setDaemon(true);
      t.start();
    }
    return result;
  }

  /** Waits for a task from {@link #submit}; its failure is thrown as {@link #run} would throw it. */
  public <T> T join(CompletableFuture<T> submitted) {
    try {
      return submitted.join(); // waits through interrupts, as run does
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new BackendFailure("in netns " + path, cause.getClass().getSimpleName(), cause.getMessage(), cause);
    }
  }

  /** The task failed, but the thread is back in the process's namespace. */
  private static final class Returned extends Exception {
    Returned(Throwable cause) {
      super(cause);
    }
  }

  /** Enters, runs the task, returns; throws {@link Returned} for a task failure after a good return. */
  private <T> T enterAndCall(Callable<T> task) throws Exception {
    int back;
    int target;
    try {
      back = home();
      target = Sys.openReadOnly(path);
    } catch (RuntimeException e) {
      throw new Returned(e);
    }
    try {
      Sys.setns(target, path);
    } catch (RuntimeException e) {
      throw new Returned(e);
    } finally {
      Sys.close(target);
    }
    T value;
    try {
      value = task.call();
    } catch (Throwable e) {
      Sys.setns(back, "the process's own namespace (return)");
      throw new Returned(e);
    }
    Sys.setns(back, "the process's own namespace (return)");
    return value;
  }

  private static int home() {
    int fd = home;
    if (fd < 0) {
      synchronized (NetNs.class) {
        if (home < 0) {
          home = Sys.openReadOnly("/proc/self/ns/net");
        }
        fd = home;
      }
    }
    return fd;
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
