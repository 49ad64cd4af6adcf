package io.crossnet.linux.dns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The threads that serve every sandbox's resolver sockets, through Netty's epoll transport (one
 * per core, at most four): a sandbox costs two registered channels, not threads, so attaching one
 * starts no thread, and 5,000 sandboxes do not mean 10,000 stacks. A UDP socket gives up to
 * {@link #BATCH} queries to one {@code recvmmsg}, and the answers to a batch leave in one {@code
 * sendmmsg}, where {@code java.nio} made two system calls per query: on the 2-core virtual
 * machines of issue 8 a system call, and the wake-up of the client it sends to, cost more than
 * the answer itself (performance.md, finding 29).
 *
 * <p>Sockets are made by {@link #newUdp} and {@link #newTcp} on a thread inside the sandbox's
 * namespace, where they then stay; binding and serving them may happen on any thread. The loop
 * threads start with this object, so it must be built on a thread of the service's namespace.
 */
final class DnsLoops implements AutoCloseable {
  /** Queries larger than this over UDP are not DNS queries a stub resolver sends. */
  static final int MAX_UDP_QUERY = 4096;
  /** Datagrams one {@code recvmmsg} takes. */
  private static final int BATCH = 16;
  /** Datagrams taken per wake-up before other sandboxes' sockets get their turn. */
  private static final int MAX_PER_WAKEUP = 64;
  private static final int CLOSE_WAIT_SECONDS = 5;
  /** Stateless (each channel makes its own handle from it), so one serves every UDP socket. */
  private static final FixedRecvByteBufAllocator UDP_READS = new FixedRecvByteBufAllocator(MAX_UDP_QUERY * BATCH);

  private final EpollEventLoopGroup group;
  private final Consumer<Throwable> failed;

  DnsLoops(int threads, Consumer<Throwable> failed) {
    Epoll.ensureAvailability();
    this.group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("dns-loop", true));
    this.failed = failed;
  }

  /**
   * An unbound UDP socket for {@code listen}'s address family, in the calling thread's namespace.
   * Only called once a {@code DnsLoops} exists, whose constructor checked that epoll is there.
   */
  static LinuxSocket newUdp(InetSocketAddress listen) {
    return LinuxSocket.newSocketDgram(family(listen));
  }

  /** An unbound TCP socket for {@code listen}'s address family, in the calling thread's namespace. */
  static LinuxSocket newTcp(InetSocketAddress listen) throws IOException {
    LinuxSocket s = LinuxSocket.newSocketStream(family(listen));
    try {
      // a restarted service must be able to listen again while old connections linger in TIME_WAIT
      s.setReuseAddress(true);
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * The loop thread for one sandbox's two sockets: registering both there wakes one thread per
   * attach, not two (a loop found awake already is not woken again).
   */
  EventLoop next() {
    return group.next();
  }

  /**
   * Serves a bound UDP socket with {@code handler} on {@code loop}; from now on the returned
   * channel owns the socket. Registration completes on the loop thread; a datagram that arrives
   * before waits in the socket's buffer.
   */
  Channel serveUdp(EventLoop loop, LinuxSocket bound, ChannelHandler handler) throws IOException {
    return serve(loop, bound, EpollDatagramChannel::new, handler, c -> {
      c.config().setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY);
      c.config().setOption(ChannelOption.RCVBUF_ALLOCATOR, UDP_READS);
      c.config().setOption(ChannelOption.MAX_MESSAGES_PER_READ, MAX_PER_WAKEUP);
    });
  }

  /**
   * Serves a bound, listening TCP socket on {@code loop}; {@code acceptor} receives each accepted
   * connection as an unregistered channel, to {@link #register}.
   */
  Channel serveTcp(EventLoop loop, LinuxSocket listening, ChannelHandler acceptor) throws IOException {
    return serve(loop, listening, EpollServerSocketChannel::new, acceptor, c -> {});
  }

  /** Registers a connection {@code serveTcp}'s acceptor received on its listener's loop thread. */
  static void register(Channel listener, Channel connection, Runnable failed) {
    listener.eventLoop().register(connection).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        connection.unsafe().closeForcibly();
        failed.run();
      }
    });
  }

  private Channel serve(EventLoop loop, LinuxSocket socket, IntFunction<Channel> wrap, ChannelHandler handler,
      Consumer<Channel> configure) throws IOException {
    Channel channel;
    try {
      channel = wrap.apply(socket.intValue());
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    try {
      configure.accept(channel);
      channel.pipeline().addLast(handler);
      loop.register(channel).addListener((ChannelFuture f) -> {
        if (!f.isSuccess()) {
          failed.accept(f.cause());
          channel.unsafe().closeForcibly();
        }
      });
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      throw e;
    }
    return channel;
  }

  /**
   * Waits for a close of a channel served here to end: then its socket is closed, and its address
   * free again.
   */
  void awaitClosed(ChannelFuture closing) {
    if (!closing.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
      failed.accept(new IOException("a DNS socket did not close in " + CLOSE_WAIT_SECONDS + " s"));
    }
  }

  private static InternetProtocolFamily family(InetSocketAddress listen) {
    return listen.getAddress().getAddress().length == 4 ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
