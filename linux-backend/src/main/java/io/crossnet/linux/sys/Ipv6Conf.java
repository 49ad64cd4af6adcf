package io.crossnet.linux.sys;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Names;

/**
 * One network namespace's {@code net/ipv6/conf} directory, opened by a thread inside the
 * namespace and usable from any thread afterwards.
 *
 * <p>Why that works: a lookup through the open directory starts at that namespace's own entry
 * for it, so an interface's settings are found in that namespace whatever the caller's
 * namespace is, including interfaces made after the directory was opened ({@code
 * Ipv6ConfTest} checks both against {@code cat} inside the namespace). An attach opens it in
 * the namespace entry that makes the sandbox's sockets, and turns IPv6 off on the new interface
 * from the request thread: no second trip into the namespace once the interface exists
 * (docs/performance.md, finding 20).
 */
public final class Ipv6Conf implements AutoCloseable {
  private static final String DIRECTORY = "net/ipv6/conf";

  /** -1 when the kernel has no IPv6, so there is nothing to turn off. */
  private final int fd;
  private final String where;

  private Ipv6Conf(int fd, String where) {
    this.fd = fd;
    this.where = where;
  }

  /** Opens the calling thread's namespace's directory; {@code where} names that namespace in errors. */
  public static Ipv6Conf openHere(String where) {
    return new Ipv6Conf(ProcSys.openDirectory(DIRECTORY, "open " + DIRECTORY + " in " + where), where);
  }

  /**
   * Turns IPv6 off on {@code device} ({@code DEVICE/disable_ipv6}, by path: a device name may hold
   * a dot); {@code ENODEV} when the namespace has no such interface. Nothing to do in a kernel
   * without IPv6. See {@link Sysctl#disableIpv6} for why and when.
   */
  public void disable(String device) {
    if (!Names.INTERFACE.matcher(device).matches()) {
      throw new IllegalArgumentException("not an interface name: " + device);
    }
    String what = "disable IPv6 on " + device + " in " + where;
    if (fd >= 0 && !ProcSys.writeAt(fd, device + "/disable_ipv6", "1\n", what)) {
      throw new BackendFailure(what, "ENODEV", "no such interface");
    }
  }

  @Override
  public void close() {
    Sys.close(fd);
  }
}
