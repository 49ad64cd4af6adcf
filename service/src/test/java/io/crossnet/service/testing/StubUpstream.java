package io.crossnet.service.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * An upstream resolver on 127.0.0.1 (UDP and TCP on one port) so forwarding is tested without
 * ever asking the machine's resolver. It knows {@code ext.example} (one A record) and
 * {@code big.example} ({@link #BIG} A records, too many for UDP: over UDP it answers truncated).
 */
public final class StubUpstream implements AutoCloseable {
  public static final int BIG = 60;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final AtomicInteger tcpQueries = new AtomicInteger();

  public StubUpstream() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    ServerSocket t = null;
    DatagramSocket u = null;
    // one port for both: pick a free TCP port, then take the same number for UDP (retry on a clash)
    for (int i = 0; i < 20 && u == null; i++) {
      t = new ServerSocket(0, 50, lo);
      try {
        u = new DatagramSocket(new InetSocketAddress(lo, t.getLocalPort()));
      } catch (SocketException clash) {
        t.close();
      }
    }
    if (u == null) {
      throw new IOException("no port free for both UDP and TCP on loopback");
    }
    udp = u;
    tcp = t;
    daemon("stub-udp", this::serveUdp);
    daemon("stub-tcp", this::serveTcp);
  }

  public String address() {
    return "127.0.0.1:" + tcp.getLocalPort();
  }

  public int tcpQueries() {
    return tcpQueries.get();
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        byte[] out = answer(q, true).toWire();
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket s = tcp.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        tcpQueries.incrementAndGet();
        byte[] out = answer(new Message(q), false).toWire();
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        if (tcp.isClosed()) {
          return;
        }
      }
    }
  }

  private static Message answer(Message q, boolean overUdp) throws IOException {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setFlag(Flags.RA);
    if (q.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    Record question = q.getQuestion();
    r.addRecord(question, Section.QUESTION);
    Name name = question.getName();
    if (name.equals(Name.fromString("ext.example."))) {
      r.addRecord(new ARecord(name, DClass.IN, 30, InetAddress.getByName("192.0.2.77")), Section.ANSWER);
    } else if (name.equals(Name.fromString("big.example."))) {
      if (overUdp) {
        r.getHeader().setFlag(Flags.TC);
      } else {
        for (int i = 1; i <= BIG; i++) {
          r.addRecord(new ARecord(name, DClass.IN, 30, InetAddress.getByName("198.51.100." + i)), Section.ANSWER);
        }
      }
    } else {
      r.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    return r;
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
