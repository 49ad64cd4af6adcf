package io.crossnet.linux.dns;

import java.util.function.UnaryOperator;
import org.xbill.DNS.Message;

/**
 * What a {@link SandboxDnsServer} does with a parsed query. Two steps so that the server answers
 * what is known on its receive thread and moves only the blocking part (forwarding) to workers.
 */
public interface DnsHandler {
  /** The answer when it needs no I/O, else null: {@link #remote} is then called on a worker. */
  Message local(Message query);

  /** The answer after waiting on the network; may block for seconds. */
  Message remote(Message query);

  /** A handler that does everything on workers; for handlers that are one function. */
  static DnsHandler blocking(UnaryOperator<Message> f) {
    return new DnsHandler() {
      @Override
      public Message local(Message query) {
        return null;
      }

      @Override
      public Message remote(Message query) {
        return f.apply(query);
      }
    };
  }
}
