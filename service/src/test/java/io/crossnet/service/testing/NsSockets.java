package io.crossnet.service.testing;

import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.TestNetns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Real TCP between namespaces, from the test JVM: a socket opened inside a namespace stays there,
 * so a listener in "world" can report the source address a connection arrived with.
 */
public final class NsSockets {
  private NsSockets() {}

  public static ServerSocketChannel listen(TestNetns ns, int port) {
    return NetNs.at(ns.path()).run(() -> ServerSocketChannel.open().bind(new InetSocketAddress(port)));
  }

  /**
   * Connects from {@code from} to {@code address:port}, sends a line, and returns what the server
   * side saw: the peer address it accepted and the line it read.
   */
  public static Seen exchange(TestNetns from, ServerSocketChannel server, String address, int port) {
    return exchange(from, server, address, port, Duration.ofSeconds(5));
  }

  /** {@link #exchange} giving up on the connection after {@code connectTimeout} (for checks that expect none). */
  public static Seen exchange(TestNetns from, ServerSocketChannel server, String address, int port, Duration connectTimeout) {
    try {
      SocketChannel client = NetNs.at(from.path()).run(() -> {
        SocketChannel c = SocketChannel.open();
        c.socket().connect(new InetSocketAddress(InetAddress.getByName(address), port), (int) connectTimeout.toMillis());
        return c;
      });
      try (client; SocketChannel accepted = server.accept()) {
        client.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
        accepted.socket().setSoTimeout(5000);
        String line = new BufferedReader(new InputStreamReader(accepted.socket().getInputStream(), StandardCharsets.US_ASCII)).readLine();
        InetSocketAddress peer = (InetSocketAddress) accepted.getRemoteAddress();
        return new Seen(peer.getAddress().getHostAddress(), line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DatagramChannel listenUdp(TestNetns ns, int port) {
    return NetNs.at(ns.path()).run(() -> DatagramChannel.open().bind(new InetSocketAddress(port)));
  }

  /** Sends datagrams from {@code from} to {@code address:port} until one arrives; returns the source address the server saw. */
  public static String exchangeUdp(TestNetns from, DatagramChannel server, String address, int port) {
    return exchangeUdp(from, server, address, port, Duration.ofSeconds(5));
  }

  /**
   * {@link #exchangeUdp} giving up after {@code wait} (an {@link UncheckedIOException}). UDP may
   * lose a datagram, so one is sent every second, each carrying this exchange's token; datagrams
   * of earlier exchanges still queued at the server are skipped.
   */
  public static String exchangeUdp(TestNetns from, DatagramChannel server, String address, int port, Duration wait) {
    String token = "hello-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    byte[] payload = token.getBytes(StandardCharsets.US_ASCII);
    long deadline = System.nanoTime() + wait.toNanos();
    try (DatagramChannel client = NetNs.at(from.path()).run(DatagramChannel::open)) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(address), port);
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
      while (true) {
        client.send(ByteBuffer.wrap(payload), to);
        long resendAt = Math.min(deadline, System.nanoTime() + Duration.ofSeconds(1).toNanos());
        while (true) {
          long left = (resendAt - System.nanoTime()) / 1_000_000L;
          if (left <= 0) {
            break;
          }
          server.socket().setSoTimeout((int) left);
          try {
            server.socket().receive(p);
          } catch (java.net.SocketTimeoutException e) {
            break;
          }
          if (new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).equals(token)) {
            return p.getAddress().getHostAddress();
          }
        }
        if (System.nanoTime() >= deadline) {
          throw new java.net.SocketTimeoutException("no datagram " + token + " from " + from + " to " + address + ":" + port);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Seen(String peer, String line) {}
}
