package io.crossnet.linux.dns;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * A DNS server at one address (normally 127.0.0.11:53) inside one sandbox: a UDP socket and a
 * TCP listener opened inside the namespace and served from the service's own namespace by the
 * shared {@link DnsLoops} (answers in {@link UdpAnswers} and {@link TcpAnswers}). Answers that
 * need no I/O are sent from the loop thread; forwards run on the shared {@code workers}, so a
 * slow upstream never stalls local names, and the thread count grows neither with the load nor
 * with the number of sandboxes.
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
  private static final int TCP_BACKLOG = 64;

  private final String sandboxPath;
  private final DnsLoops loops;
  private final Channel udp;
  private final Channel tcp;

  private SandboxDnsServer(String sandboxPath, DnsLoops loops, Channel udp, Channel tcp) {
    this.sandboxPath = sandboxPath;
    this.loops = loops;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds {@code listen} inside the namespace at {@code sandboxPath} and serves it on {@code
   * loops}. {@code dropped} hears of queries that got no answer (overload, socket errors), for
   * the failure count.
   */
  static SandboxDnsServer open(String sandboxPath, InetSocketAddress listen, DnsHandler handler, Executor workers,
      Consumer<Throwable> dropped, DnsLoops loops) {
    Sockets sockets = NetNs.at(sandboxPath).run(() -> Sockets.open(listen).bind(listen));
    return serve(sandboxPath, sockets, handler, workers, dropped, loops);
  }

  /** Serves sockets already bound inside the sandbox; on failure they are closed. */
  static SandboxDnsServer serve(String sandboxPath, Sockets sockets, DnsHandler handler, Executor workers,
      Consumer<Throwable> dropped, DnsLoops loops) {
    EventLoop loop = loops.next();
    Channel udp = null;
    try {
      udp = loops.serveUdp(loop, sockets.takeUdp(), new UdpAnswers(handler, workers, dropped));
      Channel tcp = loops.serveTcp(loop, sockets.takeTcp(), new Acceptor(handler, workers, dropped));
      return new SandboxDnsServer(sandboxPath, loops, udp, tcp);
    } catch (IOException | RuntimeException e) {
      sockets.close();
      if (udp != null) {
        loops.awaitClosed(udp.close());
      }
      throw new BackendFailure("serve DNS in " + sandboxPath, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * A server's two sockets, made in the namespace of the thread that called {@link #open} (a
   * namespace task) and not yet served. A socket binds in the namespace it was made in, from any
   * thread, so an attach makes them on the sandbox's worker and binds them once its own batch has
   * brought {@code lo} up. Made and bound together, so that a failure closes both.
   */
  public static final class Sockets implements AutoCloseable {
    /** Each null once handed to the loops that serve it. */
    private LinuxSocket udp;
    private LinuxSocket tcp;

    private Sockets(LinuxSocket udp, LinuxSocket tcp) {
      this.udp = udp;
      this.tcp = tcp;
    }

    /** Unbound sockets for {@code listen}'s address family, in the calling thread's namespace. */
    static Sockets open(InetSocketAddress listen) throws IOException {
      LinuxSocket u = DnsLoops.newUdp(listen);
      try {
        return new Sockets(u, DnsLoops.newTcp(listen));
      } catch (IOException | RuntimeException e) {
        closeQuietly(u);
        throw e;
      }
    }

    /** Binds both to {@code listen}, the TCP one listening; on failure both are closed. */
    Sockets bind(InetSocketAddress listen) throws IOException {
      try {
        udp.bind(listen);
        tcp.bind(listen);
        tcp.listen(TCP_BACKLOG);
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

    /** The TCP socket, from now on the caller's to close. */
    private LinuxSocket takeTcp() {
      LinuxSocket t = tcp;
      tcp = null;
      return t;
    }

    @Override
    public void close() {
      if (udp != null) {
        closeQuietly(udp);
        udp = null;
      }
      if (tcp != null) {
        closeQuietly(tcp);
        tcp = null;
      }
    }
  }

  /**
   * Puts each connection the listener accepts, up to {@link #TCP_MAX_CONNECTIONS} at a time, on
   * the listener's loop thread with its own {@link TcpAnswers}; one past the limit is closed.
   */
  private static final class Acceptor extends ChannelInboundHandlerAdapter {
    private final DnsHandler handler;
    private final Executor workers;
    private final Consumer<Throwable> dropped;
    private final Semaphore connections = new Semaphore(TCP_MAX_CONNECTIONS);

    Acceptor(DnsHandler handler, Executor workers, Consumer<Throwable> dropped) {
      this.handler = handler;
      this.workers = workers;
      this.dropped = dropped;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Channel connection = (Channel) msg;
      if (!connections.tryAcquire()) {
        connection.unsafe().closeForcibly();
        return;
      }
      connection.pipeline().addLast(new ReadTimeoutHandler(TCP_IDLE_MS, TimeUnit.MILLISECONDS),
          new LengthFieldBasedFrameDecoder(0xffff + 2, 0, 2, 0, 2),
          new TcpAnswers(handler, workers, dropped, TCP_MAX_QUERIES));
      connection.closeFuture().addListener(f -> connections.release());
      DnsLoops.register(ctx.channel(), connection, connections::release);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a failed accept (out of descriptors, say) costs that connection; the listener goes on
      dropped.accept(cause);
    }
  }

  public String sandboxPath() {
    return sandboxPath;
  }

  /** The bound UDP address (inside the sandbox); the port is the real one when 0 was asked. */
  public InetSocketAddress udpAddress() {
    return (InetSocketAddress) udp.localAddress();
  }

  public InetSocketAddress tcpAddress() {
    return (InetSocketAddress) tcp.localAddress();
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

  /** Closes both sockets and returns once the loops have let them go, so the address is free again. */
  @Override
  public void close() {
    ChannelFuture udpClosing = udp.close();
    ChannelFuture tcpClosing = tcp.close();
    loops.awaitClosed(udpClosing);
    loops.awaitClosed(tcpClosing);
  }
}
