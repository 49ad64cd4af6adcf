package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.NotFound;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/** Checked wrappers over {@link LibC}: each returns the result or throws with the errno named. */
public final class Sys {
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_DIRECTORY = 0x10000;
  public static final int O_CLOEXEC = 0x80000;
  public static final int O_NONBLOCK = 0x800;
  public static final int CLONE_NEWNET = 0x40000000;

  static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
  static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

  private Sys() {}

  public static int lastErrno() {
    return LastError.getLastError(RUNTIME);
  }

  /** Opens a file read-only, close-on-exec; a missing file is {@link NotFound}. */
  public static int openReadOnly(String path) {
    // non-blocking, so a FIFO planted where a namespace should be cannot hang the open
    int fd = LIBC.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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

  /** NS_GET_NSTYPE: _IO(0xb7, 0x3). */
  private static final long NS_GET_NSTYPE = 0xb703L;

  /**
   * The namespace type (a CLONE_NEW* flag) of the nsfs file {@code fd} refers to, or -1 when it
   * is not a namespace file (the kernel answers ENOTTY, or EINVAL on some file systems).
   */
  public static int nsType(int fd, String what) {
    int type = LIBC.ioctl(fd, NS_GET_NSTYPE);
    if (type >= 0) {
      return type;
    }
    int errno = lastErrno();
    if (errno == Errno.ENOTTY || errno == Errno.EINVAL) {
      return -1;
    }
    throw failure("ioctl NS_GET_NSTYPE " + what, errno);
  }

  public static String strerror(int errno) {
    return LIBC.strerror(errno);
  }

  /** A {@link BackendFailure} carrying the errno's name and text. */
  public static BackendFailure failure(String operation, int errno) {
    return new BackendFailure(operation, Errno.name(errno), strerror(errno));
  }

  /** Opens a socket; {@code what} names it in the failure. */
  public static int socket(int domain, int type, int protocol, String what) {
    int fd = LIBC.socket(domain, type, protocol);
    if (fd < 0) {
      throw failure("socket " + what, lastErrno());
    }
    return fd;
  }

  public static void bind(int fd, byte[] addr, String what) {
    if (LIBC.bind(fd, addr, addr.length) != 0) {
      throw failure("bind " + what, lastErrno());
    }
  }

  public static void setsockopt(int fd, int level, int option, byte[] value, String what) {
    if (LIBC.setsockopt(fd, level, option, value, value.length) != 0) {
      throw failure("setsockopt " + what, lastErrno());
    }
  }

  private static final int SOL_SOCKET = 1;
  private static final int SO_ATTACH_FILTER = 26;

  /**
   * Attaches a classic BPF program ({@code struct sock_filter} entries, 8 bytes each) to a
   * socket: the kernel runs it on every packet before queueing it and drops those it returns 0
   * for. The kernel copies the program, so its memory is freed at once.
   */
  public static void attachSocketFilter(int fd, byte[] program, String what) {
    long address = malloc(program.length);
    try {
      Pointer.wrap(RUNTIME, address).put(0, program, 0, program.length);
      // struct sock_fprog: unsigned short len, padding to 8, struct sock_filter *filter
      byte[] fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
          .putShort((short) (program.length / 8)).putShort((short) 0).putInt(0).putLong(address).array();
      setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog, "SO_ATTACH_FILTER " + what);
    } finally {
      LIBC.free(address);
    }
  }

  /** Memory from {@link LibC#malloc}, which the caller frees with {@code LIBC.free}. */
  static long malloc(long size) {
    long address = LIBC.malloc(size);
    if (address == 0) {
      throw new BackendFailure("malloc " + size, "ENOMEM", "out of memory");
    }
    return address;
  }

  /** The socket's own address, as many bytes as the kernel filled in. */
  public static byte[] getsockname(int fd, int capacity, String what) {
    byte[] addr = new byte[capacity];
    IntByReference len = new IntByReference(capacity);
    if (LIBC.getsockname(fd, addr, len) != 0) {
      throw failure("getsockname " + what, lastErrno());
    }
    return java.util.Arrays.copyOf(addr, Math.min(capacity, len.intValue()));
  }

  /** Sends one datagram whole, retrying on EINTR; returns nothing because a datagram is never split. */
  public static void sendto(int fd, byte[] buf, int len, byte[] addr, String what) {
    while (true) {
      long n = LIBC.sendto(fd, buf, len, 0, addr, addr.length);
      if (n >= 0) {
        return;
      }
      int errno = lastErrno();
      if (errno != Errno.EINTR) {
        throw failure("sendto " + what, errno);
      }
    }
  }

  /**
   * Receives one datagram into {@code buf}, retrying on EINTR. Returns its length, which exceeds
   * {@code buf.length} when {@code flags} holds MSG_TRUNC and the datagram did not fit.
   */
  public static int recv(int fd, byte[] buf, int flags, String what) {
    while (true) {
      long n = LIBC.recv(fd, buf, buf.length, flags);
      if (n >= 0) {
        return (int) n;
      }
      int errno = lastErrno();
      if (errno != Errno.EINTR) {
        throw failure("recv " + what, errno);
      }
    }
  }
}
