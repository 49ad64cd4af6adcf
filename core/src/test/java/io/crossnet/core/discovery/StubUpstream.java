package io.crossnet.core.discovery;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny upstream resolver for tests, on 127.0.0.1 with a random port (UDP and TCP on the same
 * port), so no test ever talks to the host's real resolver.
 *
 * <ul>
 *   <li>names in {@link #names} answer with their IPv4 address;
 *   <li>{@code big.*} answers over UDP with TC set and no records, over TCP with {@link #BIG} records;
 *   <li>names in {@link #dropFirst} get no answer to their first UDP query (to exercise the retry);
 *   <li>{@link Mode#SILENT} never answers, {@link Mode#SERVFAIL} always fails;
 *   <li>anything else is NXDOMAIN.
 * </ul>
 */
public final class StubUpstream implements AutoCloseable {
  public static final int BIG = 80;

  public enum Mode { NORMAL, SILENT, SERVFAIL }

  public final Map<String, String> names = new ConcurrentHashMap<>();
  public final Set<String> dropFirst = ConcurrentHashMap.newKeySet();
  public final AtomicInteger udpQueries = new AtomicInteger();
  public final AtomicInteger tcpQueries = new AtomicInteger();
  public volatile Mode mode = Mode.NORMAL;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Set<String> dropped = ConcurrentHashMap.newKeySet();

  private StubUpstream(DatagramSocket udp, ServerSocket tcp) {
    this.udp = udp;
    this.tcp = tcp;
    Thread u = new Thread(this::serveUdp, "stub-upstream-udp");
    u.setDaemon(true);
    u.start();
    Thread t = new Thread(this::serveTcp, "stub-upstream-tcp");
    t.setDaemon(true);
    t.start();
  }

  public static StubUpstream start() throws IOException {
    InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    for (int attempt = 0; attempt < 50; attempt++) {
      DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, 0));
      try {
        ServerSocket t = new ServerSocket();
        try {
          t.bind(new InetSocketAddress(lo, u.getLocalPort()));
          return new StubUpstream(u, t);
        } catch (BindException e) {
          t.close();
        }
      } catch (IOException e) {
        u.close();
        throw e;
      }
      u.close();
    }
    throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        udpQueries.incrementAndGet();
        byte[] in = new byte[p.getLength()];
        System.arraycopy(buf, 0, in, 0, in.length);
        Message q = new Message(in);
        String name = q.getQuestion().getName().toString(true).toLowerCase(Locale.ROOT);
        if (mode == Mode.SILENT || (dropFirst.contains(name) && dropped.add(name))) {
          continue;
        }
        byte[] out = answer(q, false).toWire();
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a malformed query: keep serving until closed
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        tcpQueries.incrementAndGet();
        if (mode == Mode.SILENT) {
          continue;
        }
        byte[] out = answer(new Message(q), true).toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        // next connection
      }
    }
  }

  private Message answer(Message q, boolean overTcp) throws IOException {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    Record question = q.getQuestion();
    r.addRecord(question, Section.QUESTION);
    if (mode == Mode.SERVFAIL) {
      r.getHeader().setRcode(Rcode.SERVFAIL);
      return r;
    }
    String name = question.getName().toString(true).toLowerCase(Locale.ROOT);
    if (name.startsWith("big.")) {
      if (!overTcp) {
        r.getHeader().setFlag(Flags.TC);
        return r;
      }
      for (int i = 0; i < BIG; i++) {
        r.addRecord(new ARecord(question.getName(), DClass.IN, 60,
            InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) i})), Section.ANSWER);
      }
      return r;
    }
    String ip = names.get(name);
    if (ip == null) {
      r.getHeader().setRcode(Rcode.NXDOMAIN);
      return r;
    }
    r.addRecord(new ARecord(question.getName(), DClass.IN, 60, InetAddress.getByName(ip)), Section.ANSWER);
    return r;
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing a listener does not fail in a way a test can act on
    }
  }
}
