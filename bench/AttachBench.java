import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attach then detach N sandboxes (named netns made by attach.sh) on one nat network through the
 * REST API over the Unix socket, one request at a time on a kept-alive connection, for several
 * rounds; prints p50/p95 of the first (cold JVM) and the last round (steady state). With
 * {@code ports} = 1 each attach publishes one port (host port chosen); with {@code preload} =
 * P, P ports are published first by P/1000 other sandboxes ({@code PREFIX}pre{@code i}), so the
 * rounds run against a firewall already holding them. Run by bench/attach.sh; JDK only, so it
 * runs as a single-file program.
 */
public class AttachBench {
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{64})\"");

  public static void main(String[] args) throws Exception {
    String socket = args[0];
    String prefix = args[1];
    int n = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    boolean withPort = args.length > 4 && Integer.parseInt(args[4]) > 0;
    int preload = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    String network = "bench";
    expect(201, request(socket, "POST", "/v1/networks",
        "{\"name\":\"" + network + "\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.200.0.0/16\"}]}}"));
    for (int i = 0; i < preload / 1000; i++) {
      expect(201, request(socket, "POST", "/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"/var/run/netns/" + prefix + "pre" + i
          + "\",\"ports\":[{\"containerPort\":1,\"containerPortEnd\":1000}]}"));
    }
    if (preload > 0) {
      System.out.printf("# %d ports published before the rounds%n", preload / 1000 * 1000);
    }
    String ports = withPort ? ",\"ports\":[{\"containerPort\":80}]" : "";
    // round 1 is a freshly started JVM (cold); the last is the steady state of a running service
    for (int round = 1; round <= rounds; round++) {
      String label = round == 1 ? "cold" : round == rounds ? "warm" : "round " + round;
      // the floor: one HTTP round trip over the socket that does no OS work
      long[] get = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        expect(200, request(socket, "GET", "/v1/networks/" + network, null));
        get[i] = System.nanoTime() - t0;
      }
      long[] attach = new long[n];
      long[] detach = new long[n];
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        String body = expect(201, request(socket, "POST", "/v1/networks/" + network + "/endpoints",
            "{\"sandbox\":\"/var/run/netns/" + prefix + i + "\",\"interface\":\"eth0\",\"name\":\"c" + i + "\"" + ports + "}"));
        attach[i] = System.nanoTime() - t0;
        Matcher m = ID.matcher(body);
        m.find();
        ids.add(m.group(1));
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        expect(204, request(socket, "DELETE", "/v1/networks/" + network + "/endpoints/" + ids.get(i), null));
        detach[i] = System.nanoTime() - t0;
      }
      if (round == 1 || round == rounds) {
        report(label + " get   ", get);
        report(label + " attach", attach);
        report(label + " detach", detach);
      }
    }
    for (String left : ids(expect(200, request(socket, "GET", "/v1/networks/" + network + "/endpoints", null)))) {
      expect(204, request(socket, "DELETE", "/v1/networks/" + network + "/endpoints/" + left, null));
    }
    expect(204, request(socket, "DELETE", "/v1/networks/" + network, null));
  }

  private static List<String> ids(String body) {
    List<String> out = new ArrayList<>();
    Matcher m = ID.matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%s n=%d p50=%.2f ms p95=%.2f ms max=%.2f ms%n", what, s.length,
        s[s.length / 2] / 1e6, s[(int) Math.ceil(s.length * 0.95) - 1] / 1e6, s[s.length - 1] / 1e6);
  }

  private static String expect(int status, String reply) {
    int got = Integer.parseInt(reply.substring(9, 12));
    if (got != status) {
      throw new IllegalStateException("expected " + status + ", got: " + reply);
    }
    int body = reply.indexOf("\r\n\r\n");
    return body < 0 ? "" : reply.substring(body + 4);
  }

  private static SocketChannel channel;
  private static InputStream in;

  /**
   * One request on a kept-alive connection, as an orchestrator's client would send it; returns
   * the status line and the body. Understands Content-Length and chunked bodies.
   */
  private static String request(String socket, String method, String path, String json) throws IOException {
    if (channel == null) {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      in = new BufferedInputStream(Channels.newInputStream(channel));
    }
    byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: crossnet\r\nContent-Length: " + payload.length + "\r\n"
        + (json == null ? "" : "Content-Type: application/json\r\n") + "\r\n";
    ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
    out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
    while (out.hasRemaining()) {
      channel.write(out);
    }
    String status = line();
    int length = -1;
    boolean chunked = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int n = Integer.parseInt(line().trim(), 16); n > 0; n = Integer.parseInt(line().trim(), 16)) {
        body.write(in.readNBytes(n));
        line();
      }
      line();
    } else if (length > 0) {
      body.write(in.readNBytes(length));
    }
    return status + "\r\n\r\n" + body.toString(StandardCharsets.UTF_8);
  }

  private static String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }
}
