package io.crossnet.linux.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls crossnet needs, bound with jnr-ffi. Public only because jnr-ffi generates the
 * implementation in its own class loader; callers go through the checked wrappers in {@link Sys},
 * which turn errno into crossnet errors.
 */
public interface LibC {
  @SaveError
  int open(String path, int flags);

  @SaveError
  int close(int fd);

  @SaveError
  int setns(int fd, int nstype);

  String strerror(int errnum);

  /** Only argument-less requests (the ns ioctls); the variadic tail is never passed. */
  @SaveError
  int ioctl(int fd, long request);

  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @In byte[] addr, int addrlen);

  @SaveError
  int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

  @SaveError
  int getsockname(int fd, @Out byte[] addr, IntByReference addrlen);

  @SaveError
  @ssize_t
  long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

  @SaveError
  @ssize_t
  long recv(int fd, @Out byte[] buf, @size_t long len, int flags);
}
