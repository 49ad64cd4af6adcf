package io.crossnet.linux.dns;

import io.crossnet.core.discovery.DiscoveryResolver;
import io.crossnet.core.discovery.DnsSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One {@link SandboxDnsServer} per sandbox that has endpoints, all answering through one
 * {@link DiscoveryResolver}: their sockets are spread over a few {@link DnsLoops} threads (one per
 * core, at most {@link #MAX_LOOPS}), with one bounded pool of worker threads for forwarding. The
 * loops start with this object, so it must be built on a thread of the service's namespace.
 *
 * <p>{@link #ensure} and {@link #release} are idempotent, so attach, detach and the reconciler
 * can call them freely. A server keeps its sandbox's namespace alive (its sockets reference it),
 * so {@link #release} must follow the detach of the sandbox's last endpoint.
 */
public final class DnsServers implements AutoCloseable {
  public static final InetSocketAddress DEFAULT_LISTEN = new InetSocketAddress(address(DnsSettings.SERVER), 53);
  public static final int DEFAULT_WORKERS = 8;
  private static final int QUEUE = 1024;
  private static final int MAX_LOOPS = 4;

  /**
   * A running server and the networks it answers for; the supplier can be swapped by a later
   * ensure. {@code claimed}: an ensure has called for it (an adopted server is not, until then).
   */
  private record Served(SandboxDnsServer server, AtomicReference<Supplier<? extends Collection<String>>> networks,
      boolean claimed) {}

  private final DiscoveryResolver resolver;
  private final InetSocketAddress listen;
  private final ThreadPoolExecutor workers;
  private final DnsLoops loops;
  private final Map<String, Served> servers = new HashMap<>();

  public DnsServers(DiscoveryResolver resolver) {
    this(resolver, DEFAULT_LISTEN, DEFAULT_WORKERS);
  }

  /** {@code listen} is a parameter for tests; {@code workers} bounds concurrent forwards. */
  public DnsServers(DiscoveryResolver resolver, InetSocketAddress listen, int workers) {
    this.resolver = resolver;
    this.listen = listen;
    // bounded queue and no caller-runs: an overloaded server drops queries, it never blocks its receive loop
    this.workers = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
    this.workers.allowCoreThreadTimeOut(true);
    int n = Math.max(1, Math.min(MAX_LOOPS, Runtime.getRuntime().availableProcessors()));
    this.loops = new DnsLoops(n, e -> resolver.metrics().failure());
  }

  /**
   * Serves the sandbox if it is not served yet; when it is, only the networks supplier is
   * replaced. {@code networks} is asked on every query, so attach and detach take effect at
   * once; it must be cheap (a lookup in memory, not a store read). Call it from a service
   * thread, not from inside a namespace task.
   */
  public synchronized void ensure(String sandboxPath, Supplier<? extends Collection<String>> networks) {
    String key = key(sandboxPath);
    Served s = servers.get(key);
    if (s != null) {
      s.networks().set(networks);
      if (!s.claimed()) {
        servers.put(key, new Served(s.server(), s.networks(), true));
      }
      return;
    }
    AtomicReference<Supplier<? extends Collection<String>>> ref = new AtomicReference<>(networks);
    SandboxDnsServer server = SandboxDnsServer.open(sandboxPath, listen, handler(ref), workers,
        e -> resolver.metrics().failure(), loops);
    servers.put(key, new Served(server, ref, true));
  }

  /**
   * Binds this resolver's address in the calling thread's namespace (a namespace task); {@link
   * #adopt} serves the sockets afterwards.
   */
  public SandboxDnsServer.Sockets bindHere() throws java.io.IOException {
    return SandboxDnsServer.Sockets.open(listen).bind(listen);
  }

  /**
   * This resolver's sockets, made in the calling thread's namespace (a namespace task) and left
   * unbound: {@link #bindAndAdopt} binds and serves them, from any thread, once {@code lo} is up.
   */
  public SandboxDnsServer.Sockets openHere() throws java.io.IOException {
    return SandboxDnsServer.Sockets.open(listen);
  }

  /**
   * Binds sockets from {@link #openHere} to this resolver's address, in the namespace they were
   * made in, and {@link #adopt}s them; when the bind fails (the port is someone else's) they are
   * closed and the failure is thrown.
   */
  public void bindAndAdopt(String sandboxPath, SandboxDnsServer.Sockets opened) throws java.io.IOException {
    adopt(sandboxPath, opened.bind(listen));
  }

  /**
   * Serves the sandbox on sockets from {@link #bindHere}, answering no local names until an
   * {@link #ensure} says which networks it is on; when the sandbox is served already, the
   * sockets are closed. Call it from a service thread, never from inside a namespace task.
   */
  public synchronized void adopt(String sandboxPath, SandboxDnsServer.Sockets sockets) {
    String key = key(sandboxPath);
    if (servers.containsKey(key)) {
      sockets.close();
      return;
    }
    AtomicReference<Supplier<? extends Collection<String>>> ref = new AtomicReference<>(List::of);
    SandboxDnsServer server = SandboxDnsServer.serve(sandboxPath, sockets, handler(ref), workers,
        e -> resolver.metrics().failure(), loops);
    servers.put(key, new Served(server, ref, false));
  }

  /** Stops a server adopted for an attach that then failed, before any ensure claimed it. */
  public boolean releaseUnclaimed(String sandboxPath) {
    Served s;
    synchronized (this) {
      s = servers.get(key(sandboxPath));
      if (s == null || s.claimed()) {
        return false;
      }
      servers.remove(key(sandboxPath));
    }
    s.server().close();
    return true;
  }

  /** Stops serving the sandbox; false when it was not served. */
  public boolean release(String sandboxPath) {
    Served s;
    synchronized (this) {
      s = servers.remove(key(sandboxPath));
    }
    if (s == null) {
      return false;
    }
    s.server().close();
    return true;
  }

  public synchronized boolean serves(String sandboxPath) {
    return servers.containsKey(key(sandboxPath));
  }

  /** The sandboxes served, by key ({@code /var/run/netns/x} and {@code /run/netns/x} are one). */
  public synchronized Set<String> sandboxes() {
    return new TreeSet<>(servers.keySet());
  }

  /** Stops every server; new ones can still be started. */
  public void closeAll() {
    List<Served> all;
    synchronized (this) {
      all = List.copyOf(servers.values());
      servers.clear();
    }
    for (Served s : all) {
      s.server().close();
    }
  }

  /** Stops every server, the loops and the workers; for service shutdown. */
  @Override
  public void close() {
    closeAll();
    loops.close();
    workers.shutdownNow();
  }

  private DnsHandler handler(AtomicReference<Supplier<? extends Collection<String>>> networks) {
    return new DnsHandler() {
      @Override
      public org.xbill.DNS.Message local(org.xbill.DNS.Message query) {
        resolver.received();
        return resolver.answerLocally(networks.get().get(), query).orElse(null);
      }

      @Override
      public org.xbill.DNS.Message remote(org.xbill.DNS.Message query) {
        return resolver.forward(networks.get().get(), query);
      }
    };
  }

  /** The same key as {@code SandboxRef.key()}: one server however the named namespace is spelled. */
  static String key(String sandboxPath) {
    return sandboxPath.startsWith("/var/run/") ? sandboxPath.substring(4) : sandboxPath;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      // created lazily by a loop thread, which is in the service's namespace, so these are too
      Thread t = new Thread(r, "dns-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByAddress(io.crossnet.core.model.IpAddress.parse("listen", literal).toBytes());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
