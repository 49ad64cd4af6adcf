package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static io.crossnet.core.discovery.DiscoveryFixtures.withOption;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crossnet.core.model.Network;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DiscoveryResolverTest {
  @Test
  void localFirstThenUpstreamsWithMetrics() throws Exception {
    DiscoveryRegistry registry = new DiscoveryRegistry();
    Network blue = network("blue", null, "10.1.0.0/24");
    registry.put(blue, endpoint(blue, "web", List.of(), "10.1.0.2", null));
    DiscoveryMetrics metrics = new DiscoveryMetrics();
    try (StubUpstream stub = StubUpstream.start()) {
      stub.names.put("ext.example", "192.0.2.7");
      DiscoveryResolver r = new DiscoveryResolver(registry, new DnsResponder(registry),
          new Forwarder(Duration.ofMillis(300)), () -> List.of(stub.address()), metrics);
      Set<String> on = Set.of(blue.id());
      assertEquals("10.1.0.2", r.resolve(on, query("web", Type.A)).getSection(Section.ANSWER).get(0).rdataToString());
      assertEquals("192.0.2.7", r.resolve(on, query("ext.example", Type.A)).getSection(Section.ANSWER).get(0).rdataToString());
      assertEquals(1, metrics.answered());
      assertEquals(1, metrics.forwarded());
      assertEquals(0, metrics.failures());
    }
    DiscoveryResolver none = new DiscoveryResolver(registry, new DnsResponder(registry),
        new Forwarder(Duration.ofMillis(100)), List::of, metrics);
    assertEquals(Rcode.SERVFAIL, none.resolve(Set.of(blue.id()), query("ext.example", Type.A)).getRcode());
    assertEquals(1, metrics.failures());
  }

  @Test
  void networkServersReplaceTheHosts() {
    DiscoveryRegistry registry = new DiscoveryRegistry();
    Network custom = withOption(network("c", null, "10.4.0.0/24"), DiscoveryOptions.SERVERS, "192.0.2.1");
    registry.putNetwork(custom);
    InetSocketAddress host = new InetSocketAddress("192.0.2.99", 53);
    DiscoveryResolver r = new DiscoveryResolver(registry, new DnsResponder(registry), new Forwarder(),
        () -> List.of(host), new DiscoveryMetrics());
    assertEquals(List.of(new InetSocketAddress("192.0.2.1", 53)), r.upstreams(Set.of(custom.id())));
    assertEquals(List.of(host), r.upstreams(Set.of("other")));
  }
}
