package io.crossnet.service.discovery;

import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.linux.dns.NetnsResolvConf;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The resolv.conf files of named sandboxes. An attach's file is started when the attach is
 * planned, on a thread of its own, so the file system's part (a directory and a file: up to a
 * millisecond on ext4 while a sync commits the journal) runs beside the kernel's link work
 * instead of after it; the attach's answer still waits for it, so the file is there before the
 * container can start.
 */
final class ResolvConfFiles implements AutoCloseable {
  private record Prepared(String netnsName, DnsSettings settings, CompletableFuture<Void> write) {}

  private final NetnsResolvConf files;
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "resolv-conf");
    t.setDaemon(true);
    return t;
  });
  /** Writes started by {@link #prepare}, by endpoint id. */
  private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

  ResolvConfFiles(NetnsResolvConf files) {
    this.files = files;
  }

  /** Starts writing the file an attach of {@code endpointId} will need. */
  void prepare(String endpointId, String netnsName, DnsSettings settings) {
    prepared.put(endpointId, new Prepared(netnsName, settings, CompletableFuture.runAsync(() -> files.write(netnsName, settings), io)));
  }

  /**
   * Makes the file say {@code settings}: waits for the write {@link #prepare} started for the
   * endpoint, if any, and writes only when that one failed or the settings changed meanwhile (a
   * second network joined the sandbox).
   */
  void write(String endpointId, String netnsName, DnsSettings settings) {
    Prepared p = endpointId == null ? null : prepared.remove(endpointId);
    if (p != null && finished(p.write()) && p.settings().equals(settings)) {
      return;
    }
    files.write(netnsName, settings);
  }

  /** The attach that {@link #prepare} was for failed: its file goes unless the sandbox has other endpoints. */
  void abandon(String endpointId, boolean sandboxKeepsOthers) {
    Prepared p = prepared.remove(endpointId);
    if (p == null) {
      return;
    }
    finished(p.write());
    if (!sandboxKeepsOthers) {
      files.remove(p.netnsName());
    }
  }

  void remove(String netnsName) {
    files.remove(netnsName);
  }

  /** Waits for the write (an interrupt does not cut the wait short); whether it succeeded. */
  private static boolean finished(CompletableFuture<Void> write) {
    try {
      write.join();
      return true;
    } catch (CompletionException e) {
      return false;
    }
  }

  @Override
  public void close() {
    io.shutdown();
    try {
      io.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    files.close();
  }
}
