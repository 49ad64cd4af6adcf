package io.crossnet.linux.sys;

import java.util.Map;

/** The errno values crossnet tells apart, and names for messages. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int ECHILD = 10;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int ENOSPC = 28;
  public static final int EPIPE = 32;
  public static final int ERANGE = 34;
  /** A bridge that already has its most ports (1,023) refuses another with this. */
  public static final int EXFULL = 54;
  public static final int ENOTSUP = 95;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int EADDRINUSE = 98;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENETUNREACH = 101;
  public static final int ENOBUFS = 105;
  public static final int ETIMEDOUT = 110;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
      Map.entry(EINTR, "EINTR"), Map.entry(EBADF, "EBADF"), Map.entry(ECHILD, "ECHILD"), Map.entry(EAGAIN, "EAGAIN"),
      Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(EBUSY, "EBUSY"),
      Map.entry(EEXIST, "EEXIST"), Map.entry(ENODEV, "ENODEV"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"),
      Map.entry(ENOTTY, "ENOTTY"),
      Map.entry(ENOSPC, "ENOSPC"), Map.entry(EPIPE, "EPIPE"), Map.entry(ETIMEDOUT, "ETIMEDOUT"), Map.entry(ERANGE, "ERANGE"), Map.entry(EXFULL, "EXFULL"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
      Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"), Map.entry(EADDRINUSE, "EADDRINUSE"),
      Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"), Map.entry(ENETUNREACH, "ENETUNREACH"),
      Map.entry(ENOBUFS, "ENOBUFS"));

  private Errno() {}

  public static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
