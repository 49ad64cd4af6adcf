package io.crossnet.linux.dns;

import io.crossnet.core.discovery.DnsMessages;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.xbill.DNS.Message;

/**
 * Answers the queries one sandbox's UDP socket receives: what is known at once on the loop
 * thread, written without a flush so that a batch read together leaves in one {@code sendmmsg}
 * when the read ends; forwards on the workers, each flushed by itself.
 */
final class UdpAnswers extends ChannelInboundHandlerAdapter {
  private final DnsHandler handler;
  private final Executor workers;
  private final Consumer<Throwable> dropped;

  UdpAnswers(DnsHandler handler, Executor workers, Consumer<Throwable> dropped) {
    this.handler = handler;
    this.workers = workers;
    this.dropped = dropped;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    DatagramPacket packet = (DatagramPacket) msg;
    byte[] wire;
    try {
      wire = ByteBufUtil.getBytes(packet.content());
    } finally {
      packet.release();
    }
    try {
      answer(ctx.channel(), wire, packet.sender());
    } catch (RuntimeException e) {
      // a handler bug must cost one answer, not the server
      dropped.accept(e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a failed receive or send costs the datagrams involved; the socket goes on serving
    dropped.accept(cause);
  }

  private void answer(Channel channel, byte[] wire, InetSocketAddress from) {
    Message query = SandboxDnsServer.parse(wire);
    if (query == null) {
      Message err = DnsMessages.formErr(wire);
      if (err != null) {
        send(channel, err.toWire(DnsMessages.CLASSIC_UDP), from, false);
      }
      return;
    }
    Message answer = handler.local(query);
    if (answer != null) {
      send(channel, DnsMessages.udpWire(query, answer), from, false);
      return;
    }
    try {
      workers.execute(() -> {
        try {
          send(channel, DnsMessages.udpWire(query, handler.remote(query)), from, true);
        } catch (RuntimeException e) {
          dropped.accept(e);
        }
      });
    } catch (RejectedExecutionException e) {
      // overloaded: no answer; the client's own retry comes later, when there may be room
      dropped.accept(e);
    }
  }

  /** When answers wait unsent past the channel's high-water mark, this one is lost, as a datagram may be. */
  private void send(Channel channel, byte[] wire, InetSocketAddress to, boolean flush) {
    if (!channel.isWritable()) {
      dropped.accept(new IOException("send buffer full"));
      return;
    }
    DatagramPacket answer = new DatagramPacket(Unpooled.wrappedBuffer(wire), to);
    if (flush) {
      channel.writeAndFlush(answer, channel.voidPromise());
    } else {
      channel.write(answer, channel.voidPromise());
    }
  }
}
