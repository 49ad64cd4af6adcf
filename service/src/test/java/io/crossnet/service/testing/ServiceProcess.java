package io.crossnet.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code quarkus-run.jar}) started as its own process, the way operators
 * run it, with its socket, data directory and host namespace pointed at what the test made. Can
 * be stopped (SIGTERM), killed (SIGKILL) and started again on the same data.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> config;
  private final Map<String, String> env = new java.util.TreeMap<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private final Path socket;
  private Process process;
  private int starts;

  public ServiceProcess(Path dir, Map<String, String> extraConfig) {
    this.dir = dir;
    this.socket = dir.resolve("run/crossnet.sock");
    this.config = new java.util.TreeMap<>(extraConfig);
    config.put("quarkus.http.domain-socket", socket.toString());
    config.putIfAbsent("crossnet.data-dir", dir.resolve("data").toString());
    // never the machine's files or resolvers: resolv.conf goes under the test's directory, and
    // names crossnet does not know are forwarded to a loopback port where nothing listens
    config.putIfAbsent("crossnet.dns.netns-etc", dir.resolve("netns-etc").toString());
    config.putIfAbsent("crossnet.dns.upstreams", "127.0.0.1:9");
  }

  public static Path jar() {
    String jar = System.getProperty("crossnet.app.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new AssertionError("packaged service not found at " + jar + "; run 'mvn verify' so 'package' runs first");
    }
    return Path.of(jar);
  }

  public Path socket() {
    return socket;
  }

  public Path dataDir() {
    return Path.of(config.get("crossnet.data-dir"));
  }

  /** An environment variable for the service process (set before {@link #start}). */
  public ServiceProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /**
   * A JVM option for the service process (set before {@link #start}). Tests that start the
   * service many times use it to start faster (JIT and class-data sharing), never to change what
   * it does.
   */
  public ServiceProcess jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  public UnixHttp http() {
    return new UnixHttp(socket);
  }

  public ServiceProcess start() {
    return launch().awaitReady();
  }

  /** Starts the process without waiting for it (to kill it while it starts up, say). */
  public ServiceProcess launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(jar().toString());
    Path log = dir.resolve("service-" + (++starts) + ".log");
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Waits until the launched service answers its readiness check (after its start-up reconcile). */
  public ServiceProcess awaitReady() {
    Path log = dir.resolve("service-" + starts + ".log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    UnixHttp http = http();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("service exited with " + process.exitValue() + ":\n" + tail(log));
      }
      if (http.reachable() && http.get("/q/health/ready").status() == 200) {
        return this;
      }
      sleep(50);
    }
    throw new AssertionError("service not ready after 90s:\n" + tail(log));
  }

  /** The log of the latest start. */
  public Path log() {
    return dir.resolve("service-" + starts + ".log");
  }

  /** SIGTERM, as systemd stops it; waits for the exit. */
  public void stop() {
    end(false);
  }

  /** SIGKILL: no shutdown hooks, as in a crash. */
  public void kill() {
    end(true);
  }

  private void end(boolean force) {
    if (process == null) {
      return;
    }
    if (force) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** The newest log's last lines, for failure messages. */
  public String logTail() {
    return tail(dir.resolve("service-" + starts + ".log"));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    end(true);
  }
}
