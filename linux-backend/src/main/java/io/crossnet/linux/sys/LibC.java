package io.crossnet.linux.sys;

import jnr.ffi.annotations.SaveError;

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
}
