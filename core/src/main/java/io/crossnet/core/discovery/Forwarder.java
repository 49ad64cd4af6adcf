package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * Sends a query on to upstream resolvers and returns their answer with the client's id.
 *
 * <p>Each upstream gets the query over UDP, and once more when that times out; an answer with TC
 * set is fetched again over TCP. SERVFAIL and REFUSED move on to the next upstream. When none
 * answers the client gets SERVFAIL, promptly, rather than a timeout of its own.
 *
 * <p>The sockets are opened on the calling thread, so they live in that thread's network
 * namespace. The DNS servers call this from threads of the service's own namespace: upstreams
 * on the host's loopback (a local dnsmasq, a test stub) are reachable even though the client
 * sits in a sandbox that has its own loopback.
 *
 * <p>No forwarding loops: crossnet's own address, 127.0.0.11, is never an upstream, and every
 * upstream query carries a fresh random id, checked with the question on the answer, so a
 * stray or spoofed datagram is not taken for the answer.
 */
public final class Forwarder {
  /** Where crossnet answers inside sandboxes; never forwarded to. */
  public static final IpAddress SELF = IpAddress.tryParse("127.0.0.11");

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final int UDP_ATTEMPTS = 2;
  private static final int MAX_UDP = 65_535;

  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  public Forwarder() {
    this(DEFAULT_TIMEOUT);
  }

  /** {@code timeout} bounds each attempt (one UDP exchange, or one TCP connection and exchange). */
  public Forwarder(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
  }

  public static boolean isSelf(IpAddress a) {
    return SELF.equals(a);
  }

  public static boolean isSelf(InetAddress a) {
    return isSelf(IpAddress.of(a.getAddress()));
  }

  /** The first good answer from {@code upstreams}, in order; SERVFAIL when none gives one. */
  public Message forward(Message query, List<InetSocketAddress> upstreams) {
    int clientId = query.getHeader().getID();
    Message out = query.clone();
    int id = random.nextInt(0x10000);
    out.getHeader().setID(id);
    byte[] wire = out.toWire();
    Record question = query.getQuestion();
    for (InetSocketAddress upstream : upstreams) {
      if (upstream.getAddress() == null || isSelf(upstream.getAddress())) {
        continue;
      }
      Message answer = exchange(upstream, wire, id, question);
      if (answer == null) {
        continue;
      }
      int rcode = answer.getRcode();
      if (rcode == Rcode.SERVFAIL || rcode == Rcode.REFUSED) {
        continue;
      }
      answer.getHeader().setID(clientId);
      return answer;
    }
    return DnsMessages.error(query, Rcode.SERVFAIL);
  }

  private Message exchange(InetSocketAddress upstream, byte[] wire, int id, Record question) {
    for (int attempt = 0; attempt < UDP_ATTEMPTS; attempt++) {
      Message answer;
      try {
        answer = udp(upstream, wire, id, question);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        // unreachable, refused (ICMP) and the like will not get better on retry
        return null;
      }
      if (answer.getHeader().getFlag(Flags.TC)) {
        try {
          return tcp(upstream, wire, id, question);
        } catch (IOException e) {
          return null;
        }
      }
      return answer;
    }
    return null;
  }

  private Message udp(InetSocketAddress upstream, byte[] wire, int id, Record question) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      // connected: the kernel drops datagrams from anyone but the upstream
      s.connect(upstream);
      s.send(new DatagramPacket(wire, wire.length));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buf = new byte[MAX_UDP];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("no answer from " + upstream);
        }
        s.setSoTimeout((int) Math.max(1, left));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        Message m = parse(buf, p.getLength(), id, question);
        if (m != null) {
          return m;
        }
      }
    }
  }

  private Message tcp(InetSocketAddress upstream, byte[] wire, int id, Record question) throws IOException {
    try (Socket s = new Socket()) {
      int ms = (int) Math.max(1, timeout.toMillis());
      s.connect(upstream, ms);
      s.setSoTimeout(ms);
      OutputStream out = s.getOutputStream();
      byte[] framed = new byte[wire.length + 2];
      framed[0] = (byte) (wire.length >>> 8);
      framed[1] = (byte) wire.length;
      System.arraycopy(wire, 0, framed, 2, wire.length);
      out.write(framed);
      out.flush();
      InputStream in = s.getInputStream();
      DataInputStream data = new DataInputStream(in);
      int len = data.readUnsignedShort();
      byte[] buf = new byte[len];
      data.readFully(buf);
      Message m = parse(buf, len, id, question);
      if (m == null) {
        throw new IOException("answer over TCP from " + upstream + " does not match the query");
      }
      return m;
    }
  }

  /** The answer, or null when the bytes are not a response to this query. */
  private static Message parse(byte[] buf, int len, int id, Record question) {
    Message m;
    try {
      byte[] exact = new byte[len];
      System.arraycopy(buf, 0, exact, 0, len);
      m = new Message(exact);
    } catch (IOException e) {
      return null;
    }
    if (m.getHeader().getID() != id || !m.getHeader().getFlag(Flags.QR)) {
      return null;
    }
    Record q = m.getQuestion();
    // Record.equals compares names case-insensitively
    if (question != null && (q == null || !q.equals(question))) {
      return null;
    }
    return m;
  }
}
