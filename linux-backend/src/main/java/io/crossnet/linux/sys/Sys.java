package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.NotFound;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** Checked wrappers over {@link LibC}: each returns the result or throws with the errno named. */
public final class Sys {
  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;

  static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  private Sys() {}

  public static int lastErrno() {
    return LastError.getLastError(RUNTIME);
  }

  /** Opens a file read-only, close-on-exec; a missing file is {@link NotFound}. */
  public static int openReadOnly(String path) {
    int fd = LIBC.open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int errno = lastErrno();
      if (errno == Errno.ENOENT) {
        throw new NotFound(path + " does not exist");
      }
      throw failure("open " + path, errno);
    }
    return fd;
  }

  public static void close(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }

  /** Moves the calling thread into the network namespace behind {@code fd}. */
  public static void setns(int fd, String what) {
    if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
      throw failure("setns " + what, lastErrno());
    }
  }

  public static String strerror(int errno) {
    return LIBC.strerror(errno);
  }

  /** A {@link BackendFailure} carrying the errno's name and text. */
  public static BackendFailure failure(String operation, int errno) {
    return new BackendFailure(operation, Errno.name(errno), strerror(errno));
  }
}
