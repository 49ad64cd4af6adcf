import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * crossnet's side of the benchmarks, through the REST API over the Unix socket, one request at a
 * time on a kept-alive connection, as an orchestrator's client sends them. JDK only, so it runs
 * as a single-file program ({@code java bench/AttachBench.java MODE ...}). Modes:
 *
 * <pre>
 *   rounds    SOCKET PREFIX N [ROUNDS]      attach then detach N sandboxes on one network, several rounds;
 *                                           p50/p95 of the first (cold JVM) and the last (bench/attach.sh)
 *   attach    SOCKET PREFIX N PORTS LABEL [W [FIRST]]
 *                                           attach then detach sandboxes PREFIX0..N-1 (PORTS: 0, or 1 published
 *                                           port each); each sandbox's address checked in the kernel, and the
 *                                           ports in crossnet's nft map in namespace $HOST_NETNS; LABEL starts
 *                                           the result keys. First W unreported warm-up rounds in this same JVM
 *                                           (the service's JIT and this client's), each 200 pairs without and
 *                                           200 with a port; FIRST, when given, reports the first of them. With
 *                                           N over 200 and W over 0, one round of N before the measured one,
 *                                           reported under "firstatn"
 *   curve     SOCKET PREFIX K BUCKET FILE [W]
 *                                           attach K sandboxes and write "k ms" per attach to FILE; medians per
 *                                           BUCKET; the endpoints stay attached (for the memory figure); after W
 *                                           warm-up rounds as in attach, so a cold client does not flatter the ratio
 *   netcreate SOCKET R                      R network create + delete pairs
 *   startup   SOCKET R IDLE PIDS -- CMD...  R starts of CMD until /q/health/ready answers 200; its RSS after
 *                                           IDLE seconds; each started pid is appended to the file PIDS
 * </pre>
 *
 * A Linux bridge holds at most 1,023 ports, so N sandboxes go round robin onto ceil(N / 1000)
 * networks (one below 1,000). Every reply is checked: an unexpected status ends the run with the
 * reply, no timing of errors. Result lines read by bench/run:
 * {@code RESULT<TAB>key<TAB>n<TAB>p50<TAB>p95<TAB>max} in milliseconds.
 */
public class AttachBench {
  static final int PER_NETWORK = 1000;
  /** Sandboxes per warm-up round. */
  static final int WARM_N = 200;
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{64})\"");
  private static final Pattern V4 = Pattern.compile("\"ipv4Address\":\"([0-9.]+/[0-9]+)\"");

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String socket = args[1];
    switch (mode) {
      case "rounds" -> rounds(socket, args[2], Integer.parseInt(args[3]), intArg(args, 4, 3),
          args.length > 5 && args[5].equals("1"), intArg(args, 6, 0));
      case "attach" -> {
        int n = Integer.parseInt(args[3]);
        int w = intArg(args, 6, 0);
        warmUp(socket, args[2], Math.min(n, WARM_N), w, args.length > 7 ? args[7] : null);
        if (n > WARM_N && w > 0) {
          // the service's first round at a size the warm-up never reached runs code it never ran
          // (the store's page cache evicting, fresh sandboxes, a second network), and the JIT
          // compiles that code during the round (docs/performance.md, finding 26): the round is
          // reported apart, as the first round after start is
          attach(socket, args[2], n, args[4].equals("1"), "firstatn");
        }
        attach(socket, args[2], n, args[4].equals("1"), args[5]);
      }
      case "curve" -> {
        warmUp(socket, args[2], Math.min(Integer.parseInt(args[3]), WARM_N), intArg(args, 6, 0), null);
        curve(socket, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
      }
      case "netcreate" -> netcreate(socket, Integer.parseInt(args[2]), intArg(args, 3, 0));
      case "startup" -> startup(socket, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]),
          List.of(args).subList(6, args.length));
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /** The optional argument at {@code i}, or {@code fallback} when it is not given. */
  static int intArg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  // ---- modes ----

  /** bench/attach.sh: N sandboxes on one nat network, ROUNDS rounds; the first is a freshly started JVM. */
  /**
   * Attach then detach N sandboxes on one network for several rounds (the first a cold JVM, the
   * last the steady state); {@code port}: each attach publishes one; {@code preload}: that many
   * ports (a multiple of 1,000) are published first by sandboxes {@code PREFIX}pre{@code i}, so
   * the rounds run against a firewall that already holds them.
   */
  static void rounds(String socket, String prefix, int n, int rounds, boolean port, int preload) throws IOException {
    List<String> nets = createNetworks(socket, "rounds", 1, 0);
    for (int i = 0; i < preload / 1000; i++) {
      expect(201, request(socket, "POST", "/v1/networks/" + nets.get(0) + "/endpoints", "{\"sandbox\":\"/var/run/netns/" + prefix
          + "pre" + i + "\",\"ports\":[{\"containerPort\":1,\"containerPortEnd\":1000}]}"));
    }
    if (preload > 0) {
      System.out.printf("# %d ports published before the rounds%n", preload / 1000 * 1000);
    }
    for (int round = 1; round <= rounds; round++) {
      String label = round == 1 ? "cold" : round == rounds ? "warm" : "round " + round;
      long[] get = floor(socket, nets.get(0), n);
      long[] attach = new long[n];
      long[] detach = new long[n];
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        String body = expect(201, request(socket, "POST", "/v1/networks/" + nets.get(0) + "/endpoints", endpoint(prefix, i, port)));
        attach[i] = System.nanoTime() - t0;
        ids.add(group(ID, body));
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        expect(204, request(socket, "DELETE", "/v1/networks/" + nets.get(0) + "/endpoints/" + ids.get(i), null));
        detach[i] = System.nanoTime() - t0;
      }
      if (round == 1 || round == rounds) {
        report(label + " get   ", get);
        report(label + " attach", attach);
        report(label + " detach", detach);
      }
    }
    for (String left : all(ID, expect(200, request(socket, "GET", "/v1/networks/" + nets.get(0) + "/endpoints", null)))) {
      expect(204, request(socket, "DELETE", "/v1/networks/" + nets.get(0) + "/endpoints/" + left, null));
    }
    deleteNetworks(socket, nets);
  }

  /** Attach N sandboxes (round robin over the networks), check their addresses, then detach them all; {@code label} null reports nothing. */
  static void attach(String socket, String prefix, int n, boolean ports, String label) throws IOException {
    List<String> nets = createNetworks(socket, "b-" + label, networksFor(n), 0);
    long[] get = floor(socket, nets.get(0), Math.min(n, 200));
    long[] attach = new long[n];
    long[] detach = new long[n];
    String[] ids = new String[n];
    String[] addresses = new String[n];
    for (int i = 0; i < n; i++) {
      String net = nets.get(i % nets.size());
      long t0 = System.nanoTime();
      String body = expect(201, request(socket, "POST", "/v1/networks/" + net + "/endpoints", endpoint(prefix, i, ports)));
      attach[i] = System.nanoTime() - t0;
      ids[i] = group(ID, body);
      addresses[i] = group(V4, body);
    }
    Kernel.checkAddresses(prefix, addresses);
    if (ports) {
      Kernel.checkPorts(n);
    }
    for (int i = 0; i < n; i++) {
      String net = nets.get(i % nets.size());
      long t0 = System.nanoTime();
      expect(204, request(socket, "DELETE", "/v1/networks/" + net + "/endpoints/" + ids[i], null));
      detach[i] = System.nanoTime() - t0;
    }
    deleteNetworks(socket, nets);
    if (label == null) {
      return;
    }
    String key = (ports ? ".port" : "") + ".n" + n;
    result(label + ".get" + key, get);
    result(label + ".attach" + key, attach);
    result(label + ".detach" + key, detach);
  }

  /** W rounds of attach/detach, without and with a port; only the first is reported, under {@code first}, if given. */
  static void warmUp(String socket, String prefix, int n, int w, String first) throws IOException {
    for (int r = 1; r <= w; r++) {
      attach(socket, prefix, n, false, r == 1 ? first : null);
      attach(socket, prefix, n, true, r == 1 ? first : null);
    }
  }

  /** The cost of the k-th attach, k = 1..K, over ceil(K / 1000) networks filled round robin. */
  static void curve(String socket, String prefix, int k, int bucket, Path out) throws IOException {
    List<String> nets = createNetworks(socket, "curve", networksFor(k), 0);
    long[] attach = new long[k];
    String[] addresses = new String[k];
    long[] cpuBefore = machineCpu();
    for (int i = 0; i < k; i++) {
      long t0 = System.nanoTime();
      String body = expect(201, request(socket, "POST", "/v1/networks/" + nets.get(i % nets.size()) + "/endpoints",
          endpoint(prefix, i, false)));
      attach[i] = System.nanoTime() - t0;
      addresses[i] = group(V4, body);
    }
    long[] cpuAfter = machineCpu();
    value("machine.steal.curve.attaches", k, stealPercent(cpuBefore, cpuAfter));
    Kernel.checkAddresses(prefix, addresses);
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      for (int i = 0; i < k; i++) {
        w.printf("%d %.4f%n", i + 1, attach[i] / 1e6);
      }
    }
    double first = 0;
    double last = 0;
    for (int from = 0; from < k; from += bucket) {
      long[] b = Arrays.copyOfRange(attach, from, Math.min(k, from + bucket));
      String key = "crossnet.curve." + (from + 1) + "-" + (from + b.length);
      result(key, b);
      double median = pct(b, 50) / 1e6;
      first = from == 0 ? median : first;
      last = median;
    }
    value("crossnet.curve.ratio", k, last / first);
    result("crossnet.curve.all", attach);
  }

  /**
   * Network create and delete, one after the other, R times (a nat network with a /24 each
   * time), after W unreported pairs: the JIT warms up on them as on the attach warm-up rounds.
   */
  static void netcreate(String socket, int r, int w) throws IOException {
    for (int i = 0; i < w; i++) {
      String id = group(ID, expect(201, request(socket, "POST", "/v1/networks", network("netw" + i, 250))));
      expect(204, request(socket, "DELETE", "/v1/networks/" + id, null));
    }
    long[] create = new long[r];
    long[] delete = new long[r];
    for (int i = 0; i < r; i++) {
      long t0 = System.nanoTime();
      String body = expect(201, request(socket, "POST", "/v1/networks", network("netc" + i, 250)));
      create[i] = System.nanoTime() - t0;
      String id = group(ID, body);
      t0 = System.nanoTime();
      expect(204, request(socket, "DELETE", "/v1/networks/" + id, null));
      delete[i] = System.nanoTime() - t0;
    }
    result("crossnet.netcreate", create);
    result("crossnet.netdelete", delete);
  }

  /**
   * Starts CMD R times; for each start the time from the fork to the first 200 of
   * /q/health/ready (polled every 2 ms over the socket) and the RSS after IDLE more seconds.
   */
  static void startup(String socket, int r, int idle, Path pids, List<String> cmd) throws Exception {
    long[] ready = new long[r];
    long[] rssKb = new long[r];
    for (int i = 0; i < r; i++) {
      Files.deleteIfExists(Path.of(socket));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(socket + ".log").toFile())).start();
      Files.writeString(pids, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      try {
        while (true) {
          if (!p.isAlive()) {
            throw new IllegalStateException("service exited with " + p.exitValue() + "; see " + socket + ".log");
          }
          if (System.nanoTime() - t0 > 60_000_000_000L) {
            throw new IllegalStateException("service not ready after 60 s; see " + socket + ".log");
          }
          if (Files.exists(Path.of(socket))) {
            try {
              if (status(request(socket, "GET", "/q/health/ready", null)) == 200) {
                break;
              }
            } catch (IOException notYet) {
              // the socket file appears before the server accepts on it
            }
            closeConnection();
          }
          Thread.sleep(2);
        }
        ready[i] = System.nanoTime() - t0;
        closeConnection();
        Thread.sleep(idle * 1000L);
        rssKb[i] = rssKb(p.pid());
        System.out.printf("# start %d: ready after %.0f ms, RSS %d MB after %d s idle%n", i + 1, ready[i] / 1e6, rssKb[i] / 1024, idle);
      } finally {
        p.destroy();
        p.waitFor();
        closeConnection();
      }
    }
    result("crossnet.startup", ready);
    // kB * 1e6 / 1024 prints as MB through result(), which reports nanoseconds as milliseconds
    result("crossnet.rss.idle.mb", Arrays.stream(rssKb).map(kb -> kb * 1_000_000L / 1024).toArray());
  }

  // ---- helpers ----

  static int networksFor(int n) {
    return Math.max(1, (n + PER_NETWORK - 1) / PER_NETWORK);
  }

  /** nat networks named LABEL-j, subnets 10.(100+j).0.0/16 from {@code base} on. */
  static List<String> createNetworks(String socket, String label, int count, int base) throws IOException {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      String name = label + "-" + j;
      expect(201, request(socket, "POST", "/v1/networks", network(name, 100 + base + j)));
      names.add(name);
    }
    return names;
  }

  static void deleteNetworks(String socket, List<String> names) throws IOException {
    for (String name : names) {
      expect(204, request(socket, "DELETE", "/v1/networks/" + name, null));
    }
  }

  /** Every match of the pattern's first group. */
  static List<String> all(Pattern p, String body) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(body);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String network(String name, int second) {
    String prefix = second == 250 ? "10.250.0.0/24" : "10." + second + ".0.0/16";
    return "{\"name\":\"" + name + "\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"" + prefix + "\"}]}}";
  }

  static String endpoint(String prefix, int i, boolean port) {
    return "{\"sandbox\":\"/var/run/netns/" + prefix + i + "\",\"interface\":\"eth0\",\"name\":\"c" + i + "\""
        + (port ? ",\"ports\":[{\"protocol\":\"tcp\",\"containerPort\":80,\"hostPort\":" + (20000 + i) + "}]" : "") + "}";
  }

  /** The floor: one HTTP round trip over the socket that does no OS work. */
  static long[] floor(String socket, String network, int n) throws IOException {
    long[] get = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      expect(200, request(socket, "GET", "/v1/networks/" + network, null));
      get[i] = System.nanoTime() - t0;
    }
    return get;
  }

  static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  static String group(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + body);
    }
    return m.group(1);
  }

  /** Nearest-rank percentile. */
  static long pct(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.max(0, (int) Math.ceil(s.length * q / 100) - 1)];
  }

  /** The machine's CPU time so far by kind, as the first line of /proc/stat gives it (user, nice, system, idle, ..., steal). */
  static long[] machineCpu() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split(" +");
    return Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray();
  }

  /** The share of the machine's CPU time between two readings that the hypervisor took (steal, the 8th field). */
  static double stealPercent(long[] before, long[] after) {
    long total = 0;
    for (int i = 0; i < before.length; i++) {
      total += after[i] - before[i];
    }
    return total == 0 ? 0 : 100.0 * (after[7] - before[7]) / total;
  }

  /** One figure that is not a distribution (a ratio), in the p50 column. */
  static void value(String key, int n, double v) {
    System.out.printf("RESULT\t%s\t%d\t%.3f\t\t%n", key, n, v);
  }

  static void result(String key, long[] nanos) {
    System.out.printf("RESULT\t%s\t%d\t%.3f\t%.3f\t%.3f%n", key, nanos.length, pct(nanos, 50) / 1e6, pct(nanos, 95) / 1e6,
        pct(nanos, 100) / 1e6);
  }

  private static void report(String what, long[] nanos) {
    System.out.printf("%s n=%d p50=%.2f ms p95=%.2f ms max=%.2f ms%n", what, nanos.length, pct(nanos, 50) / 1e6,
        pct(nanos, 95) / 1e6, pct(nanos, 100) / 1e6);
  }

  private static int status(String reply) {
    return Integer.parseInt(reply.substring(9, 12));
  }

  private static String expect(int status, String reply) {
    if (status(reply) != status) {
      throw new IllegalStateException("expected " + status + ", got: " + reply);
    }
    int body = reply.indexOf("\r\n\r\n");
    return body < 0 ? "" : reply.substring(body + 4);
  }

  /** Checks in the kernel that sandbox PREFIXi has addresses[i] on eth0 (one `ip` per sandbox, not timed). */
  static final class Kernel {
    static void checkAddresses(String prefix, String[] addresses) throws IOException {
      for (int i = 0; i < addresses.length; i++) {
        Process p = new ProcessBuilder("ip", "-n", prefix + i, "-4", "-o", "addr", "show", "dev", "eth0")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
          p.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        if (!out.contains(" " + addresses[i] + " ")) {
          throw new IllegalStateException("sandbox " + prefix + i + " should have " + addresses[i] + " on eth0, has: " + out);
        }
      }
      System.out.printf("# %d sandboxes checked: each has its address on eth0%n", addresses.length);
    }

    /** Checks that crossnet's nft map in the host namespace (env HOST_NETNS) holds n published ports. */
    static void checkPorts(int n) throws IOException {
      String host = System.getenv("HOST_NETNS");
      Process p = new ProcessBuilder("ip", "netns", "exec", host, "nft", "list", "map", "inet", "crossnet", "ports_any_v4")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long found = Pattern.compile("tcp \\. \\d+").matcher(out).results().count();
      if (found != n) {
        throw new IllegalStateException("expected " + n + " published ports in crossnet's nft map, found " + found + ": "
            + out.substring(0, Math.min(out.length(), 2000)));
      }
      System.out.printf("# %d published ports found in crossnet's nft map%n", n);
    }
  }

  private static SocketChannel channel;
  private static InputStream in;

  private static void closeConnection() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  /**
   * One request on a kept-alive connection, as an orchestrator's client would send it; returns
   * the status line and the body. Understands Content-Length and chunked bodies.
   */
  private static String request(String socket, String method, String path, String json) throws IOException {
    if (channel == null) {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (IOException e) {
        closeConnection();
        throw e;
      }
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
