package io.crossnet.service.testing;

import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A DNS client socket inside a sandbox, for many queries without a process each (the churn test
 * asks thousands of times). Queries go to crossnet's resolver at 127.0.0.11 in that sandbox.
 */
public final class NsDns implements AutoCloseable {
  private final DatagramChannel channel;

  public NsDns(TestNetns sandbox) {
    channel = NetNs.at(sandbox.path()).run(() -> {
      DatagramChannel c = DatagramChannel.open();
      c.connect(new InetSocketAddress("127.0.0.11", 53));
      return c;
    });
  }

  /** The answer to an A query for {@code name}; times out after two seconds. */
  public Message a(String name) {
    try {
      Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, 1));
      channel.write(ByteBuffer.wrap(q.toWire()));
      channel.socket().setSoTimeout(2000);
      byte[] buf = new byte[4096];
      while (true) {
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        channel.socket().receive(p);
        Message r = new Message(Arrays.copyOf(buf, p.getLength()));
        // a late answer to an earlier query is not this one's
        if (r.getHeader().getID() == q.getHeader().getID()) {
          return r;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no DNS answer for " + name + " within 2 s", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
