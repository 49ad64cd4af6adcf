package io.crossnet.linux.dns;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.discovery.DiscoveryMetrics;
import io.crossnet.core.discovery.DiscoveryRegistry;
import io.crossnet.core.discovery.DiscoveryResolver;
import io.crossnet.core.discovery.DnsResponder;
import io.crossnet.core.discovery.Forwarder;
import io.crossnet.core.discovery.StubUpstream;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Real queries with dig from inside a sandbox namespace to the server crossnet opened there. */
@Privileged
class SandboxDnsServerTest {
  private final DiscoveryRegistry registry = new DiscoveryRegistry();
  private final DiscoveryMetrics metrics = new DiscoveryMetrics();
  private final Network blue = network("blue", null, "10.1.0.0/24", "fd00:1::/64");
  private final Network red = network("red", "red.test", "10.2.0.0/24");
  /** The networks each sandbox is on, as the service would keep them: asked on every query. */
  private final Set<String> sandboxNetworks = ConcurrentHashMap.newKeySet();
  private StubUpstream stub;
  private DnsServers servers;
  private TestNetns sandbox;

  @BeforeEach
  void setUp() throws Exception {
    stub = StubUpstream.start();
    stub.names.put("ext.example", "192.0.2.7");
    DiscoveryResolver resolver = new DiscoveryResolver(registry, new DnsResponder(registry),
        new Forwarder(Duration.ofMillis(500)), () -> List.of(stub.address()), metrics);
    servers = new DnsServers(resolver);
    sandbox = TestNetns.create("cn-dns-sb");
    registry.put(blue, endpoint(blue, sandbox.path(), "client", List.of(), "10.1.0.9", null));
    registry.put(blue, endpoint(blue, "web", List.of("front"), "10.1.0.2", "fd00:1::2"));
    registry.put(blue, endpoint(blue, "v4only", List.of(), "10.1.0.3", null));
    registry.put(red, endpoint(red, "db", List.of(), "10.2.0.5", null));
    sandboxNetworks.add(blue.id());
    servers.ensure(sandbox.path(), () -> sandboxNetworks);
  }

  @AfterEach
  void tearDown() {
    servers.close();
    stub.close();
    sandbox.close();
  }

  private String dig(String... args) {
    List<String> argv = new ArrayList<>(List.of("dig", "@127.0.0.11", "+time=2", "+tries=1"));
    argv.addAll(List.of(args));
    return sandbox.sh(argv.toArray(String[]::new));
  }

  private List<String> short_(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("+short");
    return dig(a.toArray(String[]::new)).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  private static String status(String digOutput) {
    int i = digOutput.indexOf("status: ");
    return digOutput.substring(i + 8, digOutput.indexOf(',', i));
  }

  @Test
  void peerResolvesByNameAndAliasInAnyCase() {
    assertEquals(List.of("10.1.0.2"), short_("web", "A"));
    assertEquals(List.of("10.1.0.2"), short_("FRONT", "A"));
    assertEquals(List.of("fd00:1::2"), short_("web", "AAAA"));
    assertEquals(List.of("10.1.0.2"), short_("+tcp", "web", "A"));
  }

  @Test
  void ptrWorksForBothFamilies() {
    assertEquals(List.of("web."), short_("-x", "10.1.0.2"));
    assertEquals(List.of("web."), short_("-x", "fd00:1::2"));
    assertTrue(dig("-x", "10.1.0.200").contains("status: NXDOMAIN"));
  }

  @Test
  void nodataAndNxdomainAreDistinct() {
    String nodata = dig("v4only", "AAAA");
    assertEquals("NOERROR", status(nodata));
    assertTrue(nodata.contains("ANSWER: 0"));
    sandboxNetworks.add(red.id());
    assertEquals("NXDOMAIN", status(dig("ghost.red.test", "A")));
    assertEquals(List.of("10.2.0.5"), short_("db.red.test", "A"));
  }

  @Test
  void nameOfAnotherNetworkDoesNotResolve() {
    String out = dig("db", "A");
    assertEquals("NXDOMAIN", status(out), out);
    sandboxNetworks.add(red.id());
    assertEquals(List.of("10.2.0.5"), short_("db", "A"));
    sandboxNetworks.remove(red.id());
    assertEquals("NXDOMAIN", status(dig("db", "A")));
  }

  @Test
  void detachedNameIsGoneAtOnce() {
    Endpoint temp = endpoint(blue, "temp", List.of(), "10.1.0.44", null);
    registry.put(blue, temp);
    assertEquals(List.of("10.1.0.44"), short_("temp", "A"));
    registry.remove(temp);
    assertEquals("NXDOMAIN", status(dig("temp", "A")));
  }

  @Test
  void sharedAliasGivesBothAndRotates() {
    registry.put(blue, endpoint(blue, "a1", List.of("svc"), "10.1.0.21", null));
    registry.put(blue, endpoint(blue, "a2", List.of("svc"), "10.1.0.22", null));
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      List<String> got = short_("svc", "A");
      assertEquals(Set.of("10.1.0.21", "10.1.0.22"), Set.copyOf(got));
      firsts.add(got.get(0));
    }
    assertEquals(2, firsts.size());
  }

  @Test
  void externalNameIsForwardedToTheStubOnTheHostLoopback() {
    assertEquals(List.of("192.0.2.7"), short_("ext.example", "A"));
    assertTrue(stub.udpQueries.get() >= 1);
    assertEquals("NXDOMAIN", status(dig("nothing.example", "A")));
    // the stub is on the service's loopback, which the sandbox cannot reach: forwarding leaves from the service's namespace
    Shell.Result direct = sandbox.run("dig", "@127.0.0.1", "-p", Integer.toString(stub.address().getPort()),
        "+time=1", "+tries=1", "ext.example");
    assertNotEquals(0, direct.exit());
  }

  @Test
  void truncatedUpstreamAnswerNeedsTcp() {
    // dig retries over TCP by itself when our UDP answer has TC set; we fetch it from the stub over TCP too
    List<String> got = short_("big.example", "A");
    assertEquals(StubUpstream.BIG, got.size());
    assertTrue(stub.tcpQueries.get() >= 1);
    String udpOnly = dig("+ignore", "big.example", "A");
    assertTrue(udpOnly.contains(" tc") || udpOnly.contains("tc "), udpOnly);
  }

  @Test
  void ensureAndReleaseAreIdempotent() {
    servers.ensure(sandbox.path(), () -> sandboxNetworks);
    servers.ensure("/run/netns/" + sandbox.name(), () -> sandboxNetworks);
    assertEquals(1, servers.sandboxes().size());
    assertTrue(servers.release(sandbox.path()));
    assertFalse(servers.release(sandbox.path()));
    assertNotEquals(0, sandbox.run("dig", "@127.0.0.11", "+time=1", "+tries=1", "web").exit());
    servers.ensure(sandbox.path(), () -> sandboxNetworks);
    assertEquals(List.of("10.1.0.2"), short_("web", "A"));
    servers.closeAll();
    assertTrue(servers.sandboxes().isEmpty());
  }

  @Test
  void socketsBoundInsideANamespaceTaskAreServedAndClaimedByEnsure() throws Exception {
    try (TestNetns other = TestNetns.create("cn-dns-ad")) {
      other.sh("ip", "link", "set", "lo", "up");
      // an attach binds the sockets in its own namespace entry, then hands them over
      servers.adopt(other.path(), NetNs.at(other.path()).run(servers::bindHere));
      assertTrue(servers.serves(other.path()));
      String before = other.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", "web", "A");
      assertEquals("NXDOMAIN", status(before), "served, but on no network until an ensure says which: " + before);
      servers.ensure(other.path(), () -> sandboxNetworks);
      assertEquals(List.of("10.1.0.2"), other.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", "+short", "web", "A")
          .lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
      assertFalse(servers.releaseUnclaimed(other.path()), "claimed by the ensure");
      assertTrue(servers.release(other.path()));
    }
  }

  @Test
  void socketsMadeWhileLoIsDownAndBoundFromAnotherThreadAfterItCameUpAnswerFromTheResolversAddress() throws Exception {
    try (TestNetns other = TestNetns.createBare("cn-dns-ob")) {
      // as an attach does: made on the sandbox's worker before lo is up, bound from the request
      // thread (in the service's namespace) after its setup batch brought lo up
      SandboxDnsServer.Sockets opened = NetNs.at(other.path()).run(servers::openHere);
      other.sh("ip", "link", "set", "lo", "up");
      servers.bindAndAdopt(other.path(), opened);
      servers.ensure(other.path(), () -> sandboxNetworks);
      // dig takes an answer only from the address it asked ("reply from unexpected source" else)
      assertEquals(List.of("10.1.0.2"), other.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", "+short", "web", "A")
          .lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
      assertTrue(servers.release(other.path()));
    }
  }

  @Test
  void aFailedBindClosesTheSocketsAndServesNothing() throws Exception {
    try (TestNetns other = TestNetns.create("cn-dns-bf")) {
      NetNs ns = NetNs.at(other.path());
      SandboxDnsServer.Sockets opened = ns.run(servers::openHere);
      try (SandboxDnsServer.Sockets holder = ns.run(servers::bindHere)) {
        assertThrows(IOException.class, () -> servers.bindAndAdopt(other.path(), opened));
        assertFalse(servers.serves(other.path()));
      }
      // the failed sockets hold nothing: with the holder gone, the address binds again
      ns.run(servers::bindHere).close();
    }
  }

  @Test
  void anAdoptedServerNoAttachClaimedIsReleasedAndASecondAdoptIsRefused() throws Exception {
    try (TestNetns other = TestNetns.create("cn-dns-un")) {
      NetNs ns = NetNs.at(other.path());
      servers.adopt(other.path(), ns.run(servers::bindHere));
      // the port is held now: a second bind in that sandbox fails, so nothing is leaked twice
      assertThrows(IOException.class, () -> {
        try {
          ns.run(servers::bindHere).close();
        } catch (BackendFailure e) {
          throw new IOException(e);
        }
      });
      assertTrue(servers.releaseUnclaimed(other.path()));
      assertFalse(servers.serves(other.path()));
      // released: the address can be bound again
      ns.run(servers::bindHere).close();
    }
  }

  @Test
  void aReleasedServersAddressCanBeBoundAgainAtOnce() throws Exception {
    // a sandbox detached and attached again at once (disconnect, connect): its server must be gone, socket and all
    try (TestNetns other = TestNetns.create("cn-dns-re")) {
      NetNs ns = NetNs.at(other.path());
      // 2,000 rounds: a close racing the loop between a select's return and its count showed within a few hundred
      for (int i = 0; i < 2000; i++) {
        servers.ensure(other.path(), () -> sandboxNetworks);
        assertTrue(servers.release(other.path()));
        ns.run(servers::bindHere).close();
      }
    }
  }

  @Test
  void aBurstReadTogetherIsAnsweredInFullEachAnswerOnce() throws Exception {
    // 100 datagrams queued at once (well within the server socket's receive buffer): it takes them
    // in batches and sends each batch's answers together; local answers, forwarded ones and a
    // FORMERR all arrive, each once
    int n = 100;
    DatagramSocket client = NetNs.at(sandbox.path()).run(() -> {
      DatagramSocket c = new DatagramSocket();
      c.setReceiveBufferSize(1 << 20);
      c.connect(new InetSocketAddress("127.0.0.11", 53));
      return c;
    });
    try (client) {
      client.setSoTimeout(3000);
      Map<Integer, String> expected = new HashMap<>();
      for (byte[] out : mixedQueries(n, n / 2, i -> i % 25 == 0 ? "ext.example" : i % 2 == 0 ? "web" : "front", expected)) {
        client.send(new DatagramPacket(out, out.length));
      }
      byte[] buf = new byte[4096];
      Set<Integer> answered = new HashSet<>();
      for (int i = 0; i < n; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        assertAnsweredOnce(new Message(Arrays.copyOf(buf, p.getLength())), expected, answered);
      }
      assertEquals(expected.keySet(), answered);
    }
  }

  @Test
  void oneTcpConnectionCarriesPipelinedQueriesAndClosesAfterItsHundredth() throws Exception {
    // RFC 7766: queries sent back to back on one connection, answers matched by id (a forwarded
    // one may come after a later local one); the server closes once it has answered 100.
    // A channel's socket exists from open, so it is the sandbox's (java.net.Socket makes its own at connect).
    Socket c = NetNs.at(sandbox.path()).run(SocketChannel::open).socket();
    try (c) {
      c.connect(new InetSocketAddress("127.0.0.11", 53), 2000);
      c.setSoTimeout(3000);
      DataOutputStream out = new DataOutputStream(c.getOutputStream());
      DataInputStream in = new DataInputStream(c.getInputStream());
      Map<Integer, String> expected = new HashMap<>();
      for (byte[] wire : mixedQueries(100, 7, i -> i % 20 == 0 ? "ext.example" : "web", expected)) {
        out.writeShort(wire.length);
        out.write(wire);
      }
      out.flush();
      Set<Integer> answered = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        assertAnsweredOnce(new Message(wire), expected, answered);
      }
      assertEquals(-1, in.read(), "the connection closes after its hundredth answer");
    }
  }

  /**
   * {@code n} queries for A records, query {@code i} with id {@code i} asking {@code nameOf(i)},
   * except that at {@code formErrAt} a header promising a question that is not there (id 0x1234);
   * {@code expected} gets each id's answer ("ext.example" is forwarded to the stub upstream).
   */
  private static List<byte[]> mixedQueries(int n, int formErrAt, IntFunction<String> nameOf, Map<Integer, String> expected) {
    List<byte[]> wires = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i == formErrAt) {
        wires.add(new byte[] {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        expected.put(0x1234, "FORMERR");
      } else {
        String name = nameOf.apply(i);
        Message q = query(name, Type.A);
        q.getHeader().setID(i);
        wires.add(q.toWire());
        expected.put(i, name.equals("ext.example") ? "192.0.2.7" : "10.1.0.2");
      }
    }
    return wires;
  }

  /** Each response answers its query as {@code expected} says, and no query twice. */
  private static void assertAnsweredOnce(Message r, Map<Integer, String> expected, Set<Integer> answered) {
    int id = r.getHeader().getID();
    assertTrue(answered.add(id), "answered twice: " + id);
    String got = r.getRcode() == Rcode.FORMERR ? "FORMERR" : r.getSection(Section.ANSWER).get(0).rdataToString();
    assertEquals(expected.get(id), got, "answer to " + id);
  }

  @Test
  void metricsCount() {
    short_("web", "A");
    short_("ext.example", "A");
    assertEquals(2, metrics.queries());
    assertEquals(1, metrics.answered());
    assertEquals(1, metrics.forwarded());
  }
}
