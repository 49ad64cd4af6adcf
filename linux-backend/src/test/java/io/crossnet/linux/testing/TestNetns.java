package io.crossnet.linux.testing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A named network namespace ({@code /var/run/netns/NAME}) created for one test with a random
 * name, loopback up, deleted on close even when the test failed.
 */
public final class TestNetns implements AutoCloseable {
  private final String name;

  private TestNetns(String name) {
    this.name = name;
  }

  public static TestNetns create(String prefix) {
    TestNetns ns = createBare(prefix);
    Shell.in(ns, "ip", "link", "set", "lo", "up").ok();
    return ns;
  }

  /**
   * As {@code ip netns add} leaves it: lo down and without 127.0.0.1, which the kernel adds on
   * the first up (a lo taken down again keeps it, so that is not the same thing).
   */
  public static TestNetns createBare(String prefix) {
    String name = prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    Shell.ok("ip", "netns", "add", name);
    return new TestNetns(name);
  }

  public String name() {
    return name;
  }

  public String path() {
    return "/var/run/netns/" + name;
  }

  /** Runs a command in this namespace and expects success; returns stdout. */
  public String sh(String... argv) {
    return Shell.in(this, argv).ok().out();
  }

  public Shell.Result run(String... argv) {
    return Shell.in(this, argv);
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    // killing leftover processes first: a namespace with processes stays alive after 'del'
    Shell.run("ip", "netns", "pids", name).out().lines().forEach(pid -> Shell.run("kill", "-9", pid.trim()));
    Shell.run("ip", "netns", "del", name);
  }
}
