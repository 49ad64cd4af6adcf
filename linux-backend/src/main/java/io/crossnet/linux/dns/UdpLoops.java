package io.crossnet.linux.dns;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that serve every sandbox's UDP resolver socket, through Netty's epoll transport:
 * it takes up to {@link #BATCH} queries in one {@code recvmmsg} and sends the answers to a batch
 * in one {@code sendmmsg}, where {@code java.nio} makes two system calls per query. On the
 * 2-core virtual machines of issue 8 a system call, and the wake-up of the client it sends to,
 * cost more than the answer itself (performance.md, finding 29).
 *
 * <p>A socket is made by {@link #newSocket} on a thread inside the sandbox's namespace, where it
 * then stays; binding and serving it may happen on any thread.
 */
final class UdpLoops implements AutoCloseable {
  /** Queries larger than this over UDP are not DNS queries a stub resolver sends. */
  static final int MAX_UDP_QUERY = 4096;
  /** Datagrams one {@code recvmmsg} takes. */
  private static final int BATCH = 16;
  /** Datagrams taken per wake-up before other sandboxes' sockets get their turn. */
  private static final int MAX_PER_WAKEUP = 64;
  private static final int CLOSE_WAIT_SECONDS = 5;

  private final EpollEventLoopGroup group;
  private final Consumer<Throwable> failed;

  UdpLoops(int threads, Consumer<Throwable> failed) {
    Epoll.ensureAvailability();
    this.group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("dns-udp", true));
    this.failed = failed;
  }

  /** An unbound UDP socket for {@code listen}'s address family, in the calling thread's namespace. */
  static LinuxSocket newSocket(InetSocketAddress listen) {
    Epoll.ensureAvailability();
    boolean v4 = listen.getAddress().getAddress().length == 4;
    return LinuxSocket.newSocketDgram(v4 ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6);
  }

  /**
   * Serves a bound socket with {@code handler}, which from now on owns it (closing the channel
   * closes the socket). Registration completes on a loop thread; a datagram that arrives before
   * waits in the socket's buffer.
   */
  Channel serve(LinuxSocket bound, ChannelHandler handler) throws IOException {
    EpollDatagramChannel channel;
    try {
      channel = new EpollDatagramChannel(bound.intValue());
    } catch (RuntimeException e) {
      bound.close();
      throw e;
    }
    try {
      channel.config().setOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY);
      channel.config().setOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * BATCH));
      channel.config().setOption(ChannelOption.MAX_MESSAGES_PER_READ, MAX_PER_WAKEUP);
      channel.pipeline().addLast(handler);
      group.register(channel).addListener((ChannelFuture f) -> {
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

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
