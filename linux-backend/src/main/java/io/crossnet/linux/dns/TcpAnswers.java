package io.crossnet.linux.dns;

import io.crossnet.core.discovery.DnsMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.xbill.DNS.Message;

/**
 * Answers the length-prefixed queries of one TCP connection (RFC 7766): what is known at once on
 * the loop thread, forwards on the workers; answers may leave out of order, as the RFC allows
 * (each carries its query's id). The connection closes once the answers to {@code maxQueries}
 * queries are sent, when idle (the pipeline's read timeout) or on a query that cannot be answered
 * at all.
 */
final class TcpAnswers extends ChannelInboundHandlerAdapter {
  private final DnsHandler handler;
  private final Executor workers;
  private final Consumer<Throwable> dropped;
  private final int maxQueries;
  /** Loop thread only, as are the write listeners that count answers sent. */
  private int queries;
  private int unanswered;

  TcpAnswers(DnsHandler handler, Executor workers, Consumer<Throwable> dropped, int maxQueries) {
    this.handler = handler;
    this.workers = workers;
    this.dropped = dropped;
    this.maxQueries = maxQueries;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    byte[] wire;
    try {
      wire = ByteBufUtil.getBytes(frame);
    } finally {
      frame.release();
    }
    Channel channel = ctx.channel();
    if (++queries >= maxQueries) {
      channel.config().setAutoRead(false);
    }
    unanswered++;
    try {
      answer(channel, wire);
    } catch (RuntimeException e) {
      dropped.accept(e);
      channel.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof ReadTimeoutException)) {
      dropped.accept(cause);
    }
    ctx.close();
  }

  private void answer(Channel channel, byte[] wire) {
    Message query = SandboxDnsServer.parse(wire);
    if (query == null) {
      Message err = DnsMessages.formErr(wire);
      if (err == null) {
        channel.close();
      } else {
        send(channel, err.toWire(0xffff));
      }
      return;
    }
    Message answer = handler.local(query);
    if (answer != null) {
      send(channel, answer.toWire(0xffff));
      return;
    }
    try {
      workers.execute(() -> {
        try {
          send(channel, handler.remote(query).toWire(0xffff));
        } catch (RuntimeException e) {
          dropped.accept(e);
          channel.close();
        }
      });
    } catch (RejectedExecutionException e) {
      // overloaded: the client sees the connection close and may try again
      dropped.accept(e);
      channel.close();
    }
  }

  /** From any thread; the listener runs on the loop thread once the answer is written. */
  private void send(Channel channel, byte[] wire) {
    byte[] length = {(byte) (wire.length >>> 8), (byte) wire.length};
    channel.writeAndFlush(Unpooled.wrappedBuffer(length, wire)).addListener((ChannelFuture f) -> {
      if (--unanswered == 0 && queries >= maxQueries) {
        channel.close();
      }
    });
  }
}
