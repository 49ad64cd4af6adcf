package io.crossnet.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events client for {@code GET /v1/events} over the Unix socket, as an
 * orchestrator would hold one open. {@link #open} returns once the service has said
 * {@code : subscribed}, so every change made afterwards is on the stream. Reading then goes on
 * in a thread of its own, unless the test wants a client that stops reading
 * ({@link #openStalled}), which it can resume later.
 */
public final class UnixSse implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event: its SSE {@code id} and the JSON {@code data}. */
  public record Event(String id, JsonNode data) {
    public String type() {
      return data.path("type").asText();
    }

    @Override
    public String toString() {
      return data.toString();
    }
  }

  private final SocketChannel channel;
  private final InputStream in;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> seen = Collections.synchronizedList(new ArrayList<>());
  private final StringBuilder pending = new StringBuilder();
  private String id;
  private final StringBuilder data = new StringBuilder();
  private boolean subscribed;
  private volatile boolean ended;
  private Thread reader;

  private UnixSse(SocketChannel channel) throws IOException {
    this.channel = channel;
    this.in = new BufferedInputStream(Channels.newInputStream(channel));
  }

  /** Subscribed, and read from here on. */
  public static UnixSse open(Path socket) {
    UnixSse s = openStalled(socket);
    s.resume();
    return s;
  }

  /** Subscribed, and then not read at all until {@link #resume}: a client that has stopped reading. */
  public static UnixSse openStalled(Path socket) {
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap(("GET /v1/events HTTP/1.1\r\nHost: crossnet\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      UnixSse s = new UnixSse(ch);
      s.readHead();
      while (!s.subscribed) {
        s.feed(s.chunk());
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("GET /v1/events over " + socket, e);
    }
  }

  /** Starts (or restarts) reading in the background. */
  public void resume() {
    reader = new Thread(() -> {
      try {
        while (!ended) {
          byte[] c = chunk();
          if (c == null) {
            break;
          }
          feed(c);
        }
      } catch (IOException | RuntimeException e) {
        // closed by the test or the service: the stream has ended
      } finally {
        ended = true;
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event within {@code timeout}, or null. */
  public Event next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Skips events until one matches, waiting up to {@code within}; fails naming what came instead. */
  public Event await(String what, Predicate<Event> match, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Event> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
      if (e == null) {
        throw new AssertionError("no " + what + " event within " + within + (ended ? " (the stream ended)" : "") + "; got " + skipped);
      }
      if (match.test(e)) {
        return e;
      }
      skipped.add(e);
    }
  }

  /** Every event read so far, in order. */
  public List<Event> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  public boolean ended() {
    return ended;
  }

  private void readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    if (!text.startsWith("HTTP/1.1 200") || !text.toLowerCase().contains("content-type: text/event-stream")
        || !text.toLowerCase().contains("transfer-encoding: chunked")) {
      throw new AssertionError("not an event stream: " + text);
    }
  }

  /** The next chunk of the chunked body, null at its end. */
  private byte[] chunk() throws IOException {
    String size = line();
    if (size == null) {
      return null;
    }
    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
    if (n == 0) {
      return null;
    }
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      return null;
    }
    line(); // the CRLF after the chunk
    return b;
  }

  private String line() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String s = out.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      out.write(b);
    }
    return null;
  }

  /** Parses SSE lines (text/event-stream): fields, comments, and the blank line that ends an event. */
  private void feed(byte[] chunk) throws IOException {
    pending.append(new String(chunk, StandardCharsets.UTF_8));
    for (int nl; (nl = pending.indexOf("\n")) >= 0; ) {
      String l = pending.substring(0, nl);
      pending.delete(0, nl + 1);
      if (l.isEmpty()) {
        if (data.length() > 0) {
          Event e = new Event(id, JSON.readTree(data.toString()));
          seen.add(e);
          events.add(e);
        }
        data.setLength(0);
        id = null;
      } else if (l.startsWith(":")) {
        subscribed |= l.substring(1).trim().equals("subscribed");
      } else if (l.startsWith("id:")) {
        id = l.substring(3).trim();
      } else if (l.startsWith("data:")) {
        data.append(data.length() > 0 ? "\n" : "").append(l.substring(5).startsWith(" ") ? l.substring(6) : l.substring(5));
      }
    }
  }

  @Override
  public void close() {
    ended = true;
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
