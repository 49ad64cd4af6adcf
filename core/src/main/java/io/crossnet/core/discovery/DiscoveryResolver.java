package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The whole answer path for one sandbox's query: the registry first, then upstreams. Split in
 * two so that a server can answer local names on its receive thread and hand only forwarding,
 * which waits on the network, to other threads.
 */
public final class DiscoveryResolver {
  private final DiscoveryRegistry registry;
  private final DnsResponder responder;
  private final Forwarder forwarder;
  private final Supplier<List<InetSocketAddress>> hostUpstreams;
  private final DiscoveryMetrics metrics;

  /**
   * {@code hostUpstreams} gives the servers used when no network sets its own, normally
   * {@code new Upstreams()::servers}; a supplier so tests can name a stub on any port.
   */
  public DiscoveryResolver(DiscoveryRegistry registry, DnsResponder responder, Forwarder forwarder,
      Supplier<List<InetSocketAddress>> hostUpstreams, DiscoveryMetrics metrics) {
    this.registry = registry;
    this.responder = responder;
    this.forwarder = forwarder;
    this.hostUpstreams = hostUpstreams;
    this.metrics = metrics;
  }

  /** Defaults: 5 s TTL, 2 s upstream timeout, the host's /etc/resolv.conf. */
  public static DiscoveryResolver withDefaults(DiscoveryRegistry registry, DiscoveryMetrics metrics) {
    return new DiscoveryResolver(registry, new DnsResponder(registry), new Forwarder(), new Upstreams()::servers, metrics);
  }

  public DiscoveryMetrics metrics() {
    return metrics;
  }

  /** Counts a received query; servers call it once per query, before answering. */
  public void received() {
    metrics.query();
  }

  /** The answer from the registry, or empty when the query must be {@link #forward forwarded}. No I/O. */
  public Optional<Message> answerLocally(Collection<String> networkIds, Message query) {
    Optional<Message> r = responder.answer(networkIds, query);
    if (r.isPresent()) {
      metrics.answer();
    }
    return r;
  }

  /** Forwards to the networks' own servers if one sets them, else the host's. Blocks up to a few seconds. */
  public Message forward(Collection<String> networkIds, Message query) {
    metrics.forward();
    Message r = forwarder.forward(query, upstreams(networkIds));
    if (r.getRcode() == Rcode.SERVFAIL) {
      metrics.failure();
    }
    return r;
  }

  /** Both steps, blocking: for callers that do not care which thread waits. */
  public Message resolve(Collection<String> networkIds, Message query) {
    return answerLocally(networkIds, query).orElseGet(() -> forward(networkIds, query));
  }

  /** The upstreams used for a sandbox on these networks. */
  public List<InetSocketAddress> upstreams(Collection<String> networkIds) {
    List<IpAddress> own = registry.servers(networkIds);
    if (own.isEmpty()) {
      return hostUpstreams.get();
    }
    List<InetSocketAddress> out = new ArrayList<>(own.size());
    for (IpAddress a : own) {
      try {
        out.add(new InetSocketAddress(InetAddress.getByAddress(a.toBytes()), 53));
      } catch (UnknownHostException e) {
        throw new IllegalStateException("address of wrong length: " + a, e);
      }
    }
    return out;
  }
}
