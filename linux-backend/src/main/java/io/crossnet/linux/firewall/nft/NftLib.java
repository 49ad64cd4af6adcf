package io.crossnet.linux.firewall.nft;

import io.crossnet.core.error.BackendFailure;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;

/**
 * The libnftables calls crossnet needs, bound with jnr-ffi. Public only because jnr-ffi generates
 * the implementation in its own class loader, which cannot implement a package-private interface;
 * only {@link NftContext} calls these, always under its process-wide lock.
 */
public interface NftLib {
  /** {@code NFT_CTX_DEFAULT}: the context opens its netfilter netlink socket at creation. */
  int CTX_DEFAULT = 0;
  /** {@code NFT_CTX_OUTPUT_JSON}. */
  int OUTPUT_JSON = 1 << 4;

  Pointer nft_ctx_new(int flags);

  void nft_ctx_free(Pointer ctx);

  int nft_ctx_buffer_output(Pointer ctx);

  int nft_ctx_buffer_error(Pointer ctx);

  void nft_ctx_output_set_flags(Pointer ctx, int flags);

  /** {@code buf} is NUL-terminated UTF-8: the encoding is ours, not the platform default's. */
  int nft_run_cmd_from_buffer(Pointer ctx, @In byte[] buf);

  Pointer nft_ctx_get_output_buffer(Pointer ctx);

  Pointer nft_ctx_get_error_buffer(Pointer ctx);

  /** The loaded library, or a {@link BackendFailure} saying it is missing. */
  static NftLib get() {
    return Holder.load();
  }

  /** Loads once; a failed load is retried on the next call so installing the library later works. */
  final class Holder {
    private static volatile NftLib lib;

    private Holder() {}

    static synchronized NftLib load() {
      if (lib != null) {
        return lib;
      }
      UnsatisfiedLinkError first = null;
      // jnr finds "nftables" as libnftables.so.1 by scanning its library directories for
      // versioned names (the unversioned .so comes only with the -dev package); the soname itself
      // goes through dlopen's own search (ld.so.conf, LD_LIBRARY_PATH) when that scan misses
      for (String name : new String[] {"nftables", "libnftables.so.1"}) {
        try {
          lib = LibraryLoader.create(NftLib.class).failImmediately().load(name);
          return lib;
        } catch (UnsatisfiedLinkError e) {
          if (first == null) {
            first = e;
          }
        }
      }
      throw new BackendFailure("load libnftables", "ENOENT",
          "libnftables.so.1 not found (install libnftables1): " + first.getMessage(), first);
    }
  }
}
