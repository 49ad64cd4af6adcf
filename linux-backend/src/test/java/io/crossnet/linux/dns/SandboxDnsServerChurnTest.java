package io.crossnet.linux.dns;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.discovery.DiscoveryMetrics;
import io.crossnet.core.discovery.DiscoveryRegistry;
import io.crossnet.core.discovery.DiscoveryResolver;
import io.crossnet.core.discovery.DnsResponder;
import io.crossnet.core.discovery.Forwarder;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The server keeps answering, and answering right, while 1,000 attaches and detaches change the registry. */
@Privileged
class SandboxDnsServerChurnTest {
  @Test
  void answersEveryQueryDuringAThousandUpdates() throws Exception {
    DiscoveryRegistry registry = new DiscoveryRegistry();
    Network net = network("churn", null, "10.8.0.0/16");
    DiscoveryResolver resolver = new DiscoveryResolver(registry, new DnsResponder(registry),
        new Forwarder(Duration.ofMillis(200)), List::of, new DiscoveryMetrics());
    try (TestNetns sandbox = TestNetns.create("cn-dns-churn");
        DnsServers servers = new DnsServers(resolver)) {
      registry.put(net, endpoint(net, "stable", List.of(), "10.8.0.2", null));
      servers.ensure(sandbox.path(), () -> Set.of(net.id()));
      // a client socket opened inside the sandbox, used from this thread
      DatagramSocket client = NetNs.at(sandbox.path()).run(() -> {
        DatagramSocket c = new DatagramSocket();
        c.connect(new InetSocketAddress("127.0.0.11", 53));
        return c;
      });
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 500; i++) {
            Endpoint e = endpoint(net, "e" + i, List.of("pool"), "10.8." + (1 + i / 250) + "." + (1 + i % 250), null);
            registry.put(net, e);
            registry.remove(e);
          }
        } catch (Throwable t) {
          writerFailure.set(t);
        }
      });
      writer.start();
      int asked = 0;
      try (client) {
        // a lost answer is a failure (SocketTimeoutException), not a hang
        client.setSoTimeout(2000);
        byte[] buf = new byte[4096];
        while (writer.isAlive() || asked < 200) {
          Message q = query("stable", Type.A);
          byte[] out = q.toWire();
          client.send(new DatagramPacket(out, out.length));
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          client.receive(p);
          Message r = new Message(Arrays.copyOf(buf, p.getLength()));
          assertEquals(q.getHeader().getID(), r.getHeader().getID());
          assertEquals(Rcode.NOERROR, r.getRcode());
          assertEquals("10.8.0.2", r.getSection(Section.ANSWER).get(0).rdataToString());
          asked++;
        }
      }
      writer.join();
      assertNull(writerFailure.get());
      assertTrue(asked >= 200);
      // 500 puts and 500 removes went through; none is left
      assertEquals(List.of(), registry.entries(Set.of(net.id()), "pool"));
      assertTrue(sandbox.sh("dig", "@127.0.0.11", "+short", "+time=2", "+tries=1", "stable").contains("10.8.0.2"));
    }
  }
}
