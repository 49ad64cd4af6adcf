package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ForwarderTest {
  private final Forwarder forwarder = new Forwarder(Duration.ofMillis(300));
  private StubUpstream stub;

  @BeforeEach
  void setUp() throws Exception {
    stub = StubUpstream.start();
    stub.names.put("ext.example", "192.0.2.7");
  }

  @AfterEach
  void tearDown() {
    stub.close();
  }

  @Test
  void forwardsAndRestoresTheClientId() {
    Message q = query("ext.example", Type.A);
    Message r = forwarder.forward(q, List.of(stub.address()));
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertEquals(q.getHeader().getID(), r.getHeader().getID());
    assertEquals("192.0.2.7", r.getSection(Section.ANSWER).get(0).rdataToString());
  }

  @Test
  void upstreamNxdomainIsPassedOn() {
    assertEquals(Rcode.NXDOMAIN, forwarder.forward(query("nope.example", Type.A), List.of(stub.address())).getRcode());
  }

  @Test
  void truncatedUdpAnswerIsFetchedOverTcp() {
    Message r = forwarder.forward(query("big.example", Type.A), List.of(stub.address()));
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertFalse(r.getHeader().getFlag(Flags.TC));
    assertEquals(StubUpstream.BIG, r.getSection(Section.ANSWER).size());
    assertEquals(1, stub.udpQueries.get());
    assertEquals(1, stub.tcpQueries.get());
  }

  @Test
  void aLostUdpAnswerIsRetriedOnce() {
    stub.dropFirst.add("ext.example");
    Message r = forwarder.forward(query("ext.example", Type.A), List.of(stub.address()));
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertEquals(2, stub.udpQueries.get());
  }

  @Test
  void aSilentUpstreamIsSkipped() throws Exception {
    try (DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress dead = new InetSocketAddress(blackHole.getLocalAddress(), blackHole.getLocalPort());
      Message r = forwarder.forward(query("ext.example", Type.A), List.of(dead, stub.address()));
      assertEquals(Rcode.NOERROR, r.getRcode());
    }
  }

  @Test
  void servfailMovesOnAndAllFailingGivesServfail() throws Exception {
    try (StubUpstream failing = StubUpstream.start()) {
      failing.mode = StubUpstream.Mode.SERVFAIL;
      assertEquals(Rcode.NOERROR,
          forwarder.forward(query("ext.example", Type.A), List.of(failing.address(), stub.address())).getRcode());
      stub.mode = StubUpstream.Mode.SILENT;
      Message q = query("ext.example", Type.A);
      Message r = forwarder.forward(q, List.of(failing.address(), stub.address()));
      assertEquals(Rcode.SERVFAIL, r.getRcode());
      assertEquals(q.getHeader().getID(), r.getHeader().getID());
      assertEquals(q.getQuestion(), r.getQuestion());
    }
  }

  @Test
  void noUpstreamsGivesServfail() {
    assertEquals(Rcode.SERVFAIL, forwarder.forward(query("ext.example", Type.A), List.of()).getRcode());
  }

  @Test
  void neverForwardsToItsOwnAddress() throws Exception {
    InetSocketAddress self = new InetSocketAddress(InetAddress.getByName("127.0.0.11"), stub.address().getPort());
    assertEquals(Rcode.SERVFAIL, forwarder.forward(query("ext.example", Type.A), List.of(self)).getRcode());
    assertEquals(0, stub.udpQueries.get());
    assertTrue(Forwarder.isSelf(InetAddress.getByName("127.0.0.11")));
    assertFalse(Forwarder.isSelf(InetAddress.getByName("127.0.0.1")));
  }
}
