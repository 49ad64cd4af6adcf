package io.crossnet.service.config;

import io.crossnet.core.discovery.DiscoveryMetrics;
import io.crossnet.core.discovery.DiscoveryRegistry;
import io.crossnet.core.discovery.DiscoveryResolver;
import io.crossnet.core.discovery.DnsResponder;
import io.crossnet.core.discovery.Forwarder;
import io.crossnet.core.discovery.Upstreams;
import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.dns.NetnsResolvConf;
import io.crossnet.service.discovery.Discovery;
import io.crossnet.service.discovery.UpstreamList;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/** Builds discovery from {@code crossnet.dns.*}: the per-sandbox resolver only on the Linux backend. */
final class DiscoveryWiring {
  private DiscoveryWiring() {}

  /** {@code backendKind} as {@link Backends#kind}: only the Linux backend gets resolvers inside sandboxes. */
  static Discovery create(String backendKind, CrossnetConfig.Dns dns) {
    DiscoveryRegistry registry = new DiscoveryRegistry();
    DiscoveryMetrics metrics = new DiscoveryMetrics();
    Upstreams host = new Upstreams();
    if (!dns.enabled() || !backendKind.equals("linux")) {
      return new Discovery(registry, metrics, host, null, null);
    }
    Supplier<List<InetSocketAddress>> upstreams = dns.upstreams()
        .<Supplier<List<InetSocketAddress>>>map(list -> {
          List<InetSocketAddress> fixed = UpstreamList.parse(list);
          return () -> fixed;
        })
        .orElse(host::servers);
    DiscoveryResolver resolver = new DiscoveryResolver(registry, new DnsResponder(registry), new Forwarder(), upstreams, metrics);
    NetnsResolvConf resolvConf = dns.writeResolvConf() ? new NetnsResolvConf(dns.netnsEtc()) : null;
    return new Discovery(registry, metrics, host, new DnsServers(resolver), resolvConf);
  }
}
