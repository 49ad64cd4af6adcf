package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Files under {@code /proc/sys}, opened relative to a private procfs instance of crossnet's own.
 *
 * <p>Why not the machine's {@code /proc/sys}: every network namespace that has looked at
 * {@code /proc/sys/net} leaves a dentry named {@code net} under the one {@code /proc/sys}
 * directory of that proc mount. Same parent, same name: they all sit in one dcache hash chain, and
 * every lookup of {@code /proc/sys/net}, in any namespace, compares against each of them
 * ({@code proc_sys_compare}, which takes {@code sysctl_lock} per entry to ask whether the entry
 * belongs to the caller's namespace). With 1,000 sandboxes on the host an open cost 150 us against
 * 5 us on a fresh machine, and an attach makes two (host side and sandbox side of the pair).
 * A private instance ({@code fsopen("proc")}) has dentries of its own; it is replaced after
 * {@link #ROTATE} opens, so its chain stays short whatever the number of sandboxes. Making one
 * costs about 16 us and dropping one about 30 us.
 *
 * <p>A lookup resolves {@code net} for the calling thread's network namespace at open time, as
 * under {@code /proc/sys}, so a thread moved into a sandbox by {@code NetNs.run} sees the
 * sandbox's settings. Where a private instance is refused (no CAP_SYS_ADMIN over the pid
 * namespace, a kernel before 5.2, a libc before 2.36) the machine's {@code /proc/sys} serves.
 */
final class ProcSys {
  /** Opens per private instance; its hash chain holds at most this many {@code net} entries. */
  static final int ROTATE = 64;

  private static final System.Logger LOG = System.getLogger(ProcSys.class.getName());
  private static final int AT_FDCWD = -100;
  private static final int FSOPEN_CLOEXEC = 1;
  private static final int FSCONFIG_CMD_CREATE = 6;
  private static final int FSMOUNT_CLOEXEC = 1;

  private static final Object LOCK = new Object();
  /** The instance new opens go through; null before the first or when none can be made. */
  private static Instance current;
  private static boolean refused;

  /** One private proc mount: its fd, the opens handed out, and those still running. */
  private static final class Instance {
    final int fd;
    int handedOut;
    int running;

    Instance(int fd) {
      this.fd = fd;
    }
  }

  private ProcSys() {}

  /**
   * The file's content from one read call, or null when it does not exist. One call: handlers
   * such as {@code proc_dointvec_userhz_jiffies} answer a read at a non-zero offset with end of
   * file, so a reader that fetched a byte at a time would see {@code 8} for {@code 80}.
   */
  static String read(String path, String what) {
    int fd = open(path, Sys.O_RDONLY, what);
    if (fd < 0) {
      return null;
    }
    try {
      byte[] buf = new byte[4096];
      long n = Sys.LIBC.read(fd, buf, buf.length);
      if (n < 0) {
        throw Sys.failure(what, Sys.lastErrno());
      }
      return new String(buf, 0, (int) n, StandardCharsets.US_ASCII);
    } finally {
      Sys.close(fd);
    }
  }

  /** Writes {@code value} in one call; false when the file does not exist. */
  static boolean write(String path, String value, String what) {
    return writeAndClose(open(path, Sys.O_WRONLY, what), value, what);
  }

  /**
   * Writes {@code value} to {@code path} relative to a directory from {@link #openDirectory}; false
   * when the file does not exist. The lookup starts at that directory, so it stays in the
   * namespace the directory was opened in, whichever thread calls.
   */
  static boolean writeAt(int directory, String path, String value, String what) {
    int fd = Sys.LIBC.openat(directory, path, Sys.O_WRONLY | Sys.O_CLOEXEC);
    if (fd < 0) {
      int errno = Sys.lastErrno();
      if (errno != Errno.ENOENT && errno != Errno.ENOTDIR) {
        throw Sys.failure(what, errno);
      }
    }
    return writeAndClose(fd, value, what);
  }

  private static boolean writeAndClose(int fd, String value, String what) {
    if (fd < 0) {
      return false;
    }
    try {
      byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
      if (Sys.LIBC.write(fd, bytes, bytes.length) < 0) {
        throw Sys.failure(what, Sys.lastErrno());
      }
      return true;
    } finally {
      Sys.close(fd);
    }
  }

  /** The directory {@code path} of the calling thread's namespace, open; -1 when it does not exist. */
  static int openDirectory(String path, String what) {
    return open(path, Sys.O_RDONLY | Sys.O_DIRECTORY, what);
  }

  /** {@code path} is relative to {@code /proc/sys}; -1 when it does not exist. */
  private static int open(String path, int flags, String what) {
    Instance instance = acquire();
    try {
      int fd = instance == null
          ? Sys.LIBC.openat(AT_FDCWD, "/proc/sys/" + path, flags | Sys.O_CLOEXEC)
          : Sys.LIBC.openat(instance.fd, "sys/" + path, flags | Sys.O_CLOEXEC);
      if (fd >= 0) {
        return fd;
      }
      int errno = Sys.lastErrno();
      if (errno == Errno.ENOENT || errno == Errno.ENOTDIR) {
        return -1;
      }
      throw Sys.failure(what, errno);
    } finally {
      release(instance);
    }
  }

  private static Instance acquire() {
    synchronized (LOCK) {
      if (refused) {
        return null;
      }
      if (current == null || current.handedOut >= ROTATE) {
        Instance old = current;
        current = mount();
        refused = current == null;
        if (old != null && old.running == 0) {
          Sys.close(old.fd);
        }
        if (refused) {
          return null;
        }
      }
      current.handedOut++;
      current.running++;
      return current;
    }
  }

  /** A replaced instance closes with its last open. */
  private static void release(Instance instance) {
    if (instance == null) {
      return;
    }
    synchronized (LOCK) {
      instance.running--;
      if (instance != current && instance.running == 0) {
        Sys.close(instance.fd);
      }
    }
  }

  /**
   * A new detached proc mount, or null (logged once) when this host does not allow one; the
   * refusal is kept, as the shared {@code /proc/sys} gives the same answers, only slower.
   */
  private static Instance mount() {
    int fs = -1;
    try {
      fs = Sys.LIBC.fsopen("proc", FSOPEN_CLOEXEC);
      if (fs < 0 || Sys.LIBC.fsconfig(fs, FSCONFIG_CMD_CREATE, null, null, 0) < 0) {
        return refusedBecause("fsopen(proc): " + Errno.name(Sys.lastErrno()));
      }
      int mnt = Sys.LIBC.fsmount(fs, FSMOUNT_CLOEXEC, 0);
      return mnt < 0 ? refusedBecause("fsmount(proc): " + Errno.name(Sys.lastErrno())) : new Instance(mnt);
    } catch (LinkageError e) {
      return refusedBecause("this libc has no fsopen: " + e.getMessage());
    } finally {
      Sys.close(fs);
    }
  }

  private static Instance refusedBecause(String why) {
    LOG.log(Level.INFO, "sysctl files through the shared /proc/sys (slower with many namespaces): " + why);
    return null;
  }

  /** For tests: whether opens go through a private instance. */
  static boolean privateInstance() {
    Instance i = acquire();
    release(i);
    return i != null;
  }
}
