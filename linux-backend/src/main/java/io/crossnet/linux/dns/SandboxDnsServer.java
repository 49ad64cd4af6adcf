package io.crossnet.linux.dns;

import io.crossnet.core.discovery.DnsMessages;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.epoll.LinuxSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.xbill.DNS.Message;
import org.xbill.DNS.Flags;

/**
 * A DNS server at one address (normally 127.0.0.11:53) inside one sandbox: a UDP socket and a
 * TCP listener opened inside the namespace and served from the service's own namespace, the UDP
 * socket by the shared {@link UdpLoops} (answers in {@link UdpAnswers}), the listener by a shared
 * {@link DnsLoop}. Answers that need no I/O are sent from the loop thread; forwarding and TCP
 * connections run on the shared {@code workers}, so a slow upstream never stalls local names, and
 * the thread count grows neither with the load nor with the number of sandboxes.
 *
 * <p>Loopback: binding 127.0.0.11 works in a fresh namespace even while {@code lo} is down, but
 * nothing reaches it until {@code lo} is up, and a UDP socket bound then answers from 127.0.0.1
 * for good (resolvers drop that answer). So {@code lo} must be up before the bind: an attach
 * makes the sockets in its namespace entry and binds them after its setup batch brought {@code
 * lo} up ({@code SandboxSockets}), and every driver's sandbox setup has done so before anything
 * else calls {@link #open}.
 */
public final class SandboxDnsServer implements AutoCloseable {
  private static final int TCP_IDLE_MS = 5_000;
  private static final int TCP_MAX_CONNECTIONS = 16;
  private static final int TCP_MAX_QUERIES = 100;

  private final String sandboxPath;
  private final ServerSocketChannel tcp;
  private final DnsHandler handler;
  private final Executor workers;
  private final Consumer<Throwable> dropped;
  private final DnsLoop loop;
  private final UdpLoops udpLoops;
  private final Semaphore connections = new Semaphore(TCP_MAX_CONNECTIONS);
  /** Set once serving; until then a failure has only the listener to close. */
  private Channel udp;

  private SandboxDnsServer(String sandboxPath, ServerSocketChannel tcp, DnsHandler handler, Executor workers,
      Consumer<Throwable> dropped, DnsLoop loop, UdpLoops udpLoops) {
    this.sandboxPath = sandboxPath;
    this.tcp = tcp;
    this.handler = handler;
    this.workers = workers;
    this.dropped = dropped;
    this.loop = loop;
    this.udpLoops = udpLoops;
  }

  /**
   * Binds {@code listen} inside the namespace at {@code sandboxPath} and serves it on
   * {@code loop} and {@code udpLoops}. {@code dropped} hears of queries that got no answer
   * (overload, socket errors), for the failure count.
   */
  static SandboxDnsServer open(String sandboxPath, InetSocketAddress listen, DnsHandler handler, Executor workers,
      Consumer<Throwable> dropped, DnsLoop loop, UdpLoops udpLoops) {
    Sockets sockets = NetNs.at(sandboxPath).run(() -> Sockets.open(listen).bind(listen));
    return serve(sandboxPath, sockets, handler, workers, dropped, loop, udpLoops);
  }

  /** Serves sockets already bound inside the sandbox; on failure they are closed. */
  static SandboxDnsServer serve(String sandboxPath, Sockets sockets, DnsHandler handler, Executor workers,
      Consumer<Throwable> dropped, DnsLoop loop, UdpLoops udpLoops) {
    SandboxDnsServer s = new SandboxDnsServer(sandboxPath, sockets.tcp, handler, workers, dropped, loop, udpLoops);
    try {
      s.udp = udpLoops.serve(sockets.takeUdp(), new UdpAnswers(handler, workers, dropped));
      loop.register(sockets.tcp, SelectionKey.OP_ACCEPT, k -> s.accept());
      loop.wakeup();
    } catch (IOException | RuntimeException e) {
      sockets.close();
      s.close();
      throw new BackendFailure("serve DNS in " + sandboxPath, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
    return s;
  }

  /**
   * A server's two sockets, made in the namespace of the thread that called {@link #open} (a
   * namespace task) and not yet served. A socket binds in the namespace it was made in, from any
   * thread, so an attach makes them on the sandbox's worker and binds them once its own batch has
   * brought {@code lo} up. Made and bound together, so that a failure closes both.
   */
  public static final class Sockets implements AutoCloseable {
    /** Null once handed to the loops that serve it. */
    private LinuxSocket udp;
    private final ServerSocketChannel tcp;

    private Sockets(LinuxSocket udp, ServerSocketChannel tcp) {
      this.udp = udp;
      this.tcp = tcp;
    }

    /** Unbound sockets for {@code listen}'s address family, in the calling thread's namespace. */
    static Sockets open(InetSocketAddress listen) throws IOException {
      StandardProtocolFamily family = listen.getAddress().getAddress().length == 4
          ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
      LinuxSocket u = UdpLoops.newSocket(listen);
      try {
        ServerSocketChannel t = ServerSocketChannel.open(family);
        try {
          // a restarted service must be able to listen again while old connections linger in TIME_WAIT
          t.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          return new Sockets(u, t);
        } catch (IOException | RuntimeException e) {
          t.close();
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        closeQuietly(u);
        throw e;
      }
    }

    /** Binds both to {@code listen}; on failure both are closed. */
    Sockets bind(InetSocketAddress listen) throws IOException {
      try {
        udp.bind(listen);
        tcp.bind(listen, 64);
        return this;
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    /** The UDP socket, from now on the caller's to close. */
    private LinuxSocket takeUdp() {
      LinuxSocket u = udp;
      udp = null;
      return u;
    }

    @Override
    public void close() {
      if (udp != null) {
        closeQuietly(udp);
        udp = null;
      }
      closeQuietly(tcp);
    }
  }

  public String sandboxPath() {
    return sandboxPath;
  }

  /** The bound UDP address (inside the sandbox); the port is the real one when 0 was asked. */
  public InetSocketAddress udpAddress() {
    return (InetSocketAddress) udp.localAddress();
  }

  public InetSocketAddress tcpAddress() throws IOException {
    return (InetSocketAddress) tcp.getLocalAddress();
  }

  /** Takes the connections waiting; each is served, blocking, on a worker. */
  private void accept() {
    while (true) {
      SocketChannel c;
      try {
        // an accepted channel is in blocking mode whatever the listener's mode
        c = tcp.accept();
        if (c == null) {
          return;
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        dropped.accept(e);
        return;
      }
      if (!connections.tryAcquire()) {
        closeQuietly(c);
        continue;
      }
      try {
        workers.execute(() -> {
          try {
            serveConnection(c);
          } finally {
            connections.release();
            closeQuietly(c);
          }
        });
      } catch (RejectedExecutionException e) {
        connections.release();
        closeQuietly(c);
        dropped.accept(e);
      }
    }
  }

  /** Length-prefixed queries (RFC 7766), several per connection, until idle, closed or the limit. */
  private void serveConnection(SocketChannel c) {
    try {
      c.socket().setSoTimeout(TCP_IDLE_MS);
      DataInputStream in = new DataInputStream(c.socket().getInputStream());
      OutputStream out = c.socket().getOutputStream();
      for (int n = 0; n < TCP_MAX_QUERIES; n++) {
        int len;
        try {
          len = in.readUnsignedShort();
        } catch (EOFException | SocketTimeoutException e) {
          return;
        }
        byte[] wire = new byte[len];
        in.readFully(wire);
        Message query = parse(wire);
        Message answer;
        if (query == null) {
          answer = DnsMessages.formErr(wire);
          if (answer == null) {
            return;
          }
        } else {
          answer = handler.local(query);
          if (answer == null) {
            answer = handler.remote(query);
          }
        }
        byte[] w = answer.toWire(0xffff);
        byte[] framed = new byte[w.length + 2];
        framed[0] = (byte) (w.length >>> 8);
        framed[1] = (byte) w.length;
        System.arraycopy(w, 0, framed, 2, w.length);
        out.write(framed);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      dropped.accept(e);
    }
  }

  /** The query, or null when the bytes do not parse or are a response (never answered: loops). */
  static Message parse(byte[] wire) {
    try {
      Message m = new Message(wire);
      return m.getHeader().getFlag(Flags.QR) ? null : m;
    } catch (IOException e) {
      return null;
    }
  }

  private static void closeQuietly(LinuxSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to do with a socket that failed to close
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing left to do with a socket that failed to close
    }
  }

  /** Closes both sockets and returns once their loops have let them go, so the address is free again. */
  @Override
  public void close() {
    // the two loops let go of their sockets at the same time, not one after the other
    ChannelFuture udpClosing = udp == null ? null : udp.close();
    loop.close(tcp);
    if (udpClosing != null) {
      udpLoops.awaitClosed(udpClosing);
    }
  }
}
