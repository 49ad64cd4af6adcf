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

  /** Sends one datagram from {@code from} to {@code address:port}; returns the source address the server saw. */
  public static String exchangeUdp(TestNetns from, DatagramChannel server, String address, int port) {
    return exchangeUdp(from, server, address, port, Duration.ofSeconds(5));
  }

  /** {@link #exchangeUdp} waiting {@code wait} for the datagram (a timeout is an {@link UncheckedIOException}). */
  public static String exchangeUdp(TestNetns from, DatagramChannel server, String address, int port, Duration wait) {
    try (DatagramChannel client = NetNs.at(from.path()).run(DatagramChannel::open)) {
      client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)),
          new InetSocketAddress(InetAddress.getByName(address), port));
      server.socket().setSoTimeout((int) wait.toMillis());
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[64], 64);
      server.socket().receive(p);
      return p.getAddress().getHostAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Seen(String peer, String line) {}
}
