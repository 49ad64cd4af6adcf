package io.crossnet.linux.sys;

import jnr.ffi.Pointer;
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
  int openat(int dirfd, String path, int flags);

  @SaveError
  int close(int fd);

  // a private procfs instance (ProcSys): the new mount API, glibc 2.36 and Linux 5.2 on

  @SaveError
  int fsopen(String fsname, int flags);

  @SaveError
  int fsconfig(int fd, int cmd, String key, Pointer value, int aux);

  @SaveError
  int fsmount(int fd, int flags, int attrFlags);

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

  // process spawning (Spawn): posix_spawn forks from the calling thread, so the child starts in
  // that thread's network namespace, and no JDK reaper thread is involved

  /**
   * Memory the caller frees itself: jnr's own direct memory is released by a reference-queue
   * thread that jnr starts on first use, which must not be born inside a namespace task.
   */
  long malloc(@size_t long size);

  void free(long address);

  @SaveError
  int pipe2(@Out int[] fds, int flags);

  /** These return an errno value instead of setting errno. */
  int posix_spawn_file_actions_init(Pointer actions);

  int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

  /** glibc 2.34 and later: closes every descriptor from {@code from} up in the child. */
  int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

  int posix_spawn_file_actions_destroy(Pointer actions);

  int posix_spawnattr_init(Pointer attr);

  int posix_spawnattr_setflags(Pointer attr, short flags);

  int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

  int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

  int posix_spawnattr_destroy(Pointer attr);

  int sigemptyset(Pointer sigset);

  int sigfillset(Pointer sigset);

  int posix_spawn(IntByReference pid, String path, Pointer actions, Pointer attr, Pointer argv, Pointer envp);

  @SaveError
  @ssize_t
  long write(int fd, @In byte[] buf, @size_t long len);

  @SaveError
  @ssize_t
  long read(int fd, @Out byte[] buf, @size_t long len);

  /** {@code fds} is an array of {@code struct pollfd} (int fd, short events, short revents). */
  @SaveError
  int poll(Pointer fds, long nfds, int timeoutMillis);

  @SaveError
  int waitpid(int pid, IntByReference status, int options);

  @SaveError
  int kill(int pid, int signal);
}
