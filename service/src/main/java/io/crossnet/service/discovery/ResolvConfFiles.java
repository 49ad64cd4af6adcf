package io.crossnet.service.discovery;

import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.linux.dns.NetnsResolvConf;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The resolv.conf files of named sandboxes. An attach's file is started when the attach is
 * planned, on a thread of its own, so the file system's part (a directory and a file: up to a
 * millisecond on ext4 while a sync commits the journal) runs beside the kernel's link work
 * instead of after it; the attach's answer still waits for it, so the file is there before the
 * container can start.
 */
final class ResolvConfFiles implements AutoCloseable {
  private record Prepared(String netnsName, DnsSettings settings, Future<?> write) {}

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
    prepared.put(endpointId, new Prepared(netnsName, settings, io.submit(() -> files.write(netnsName, settings))));
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

  /** Waits for the write; whether it succeeded. */
  private static boolean finished(Future<?> write) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          write.get();
          return true;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return false;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    io.shutdown();
  }
}
