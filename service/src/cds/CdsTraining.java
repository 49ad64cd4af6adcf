import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A training start for the class-data archive, run by the build after Quarkus packages the service
 * (java CdsTraining.java QUARKUS_APP_DIR).
 *
 * <p>Quarkus makes {@code app-cds.jsa} from its static init alone, which leaves out the 2,800 or so
 * classes a real start loads after it (the HTTP stack, jnr-ffi, the store, the first requests). This
 * starts the packaged service once, in a user and network namespace of its own so that it touches
 * nothing of the build machine's, takes it to a ready API and through a few calls, stops it, and
 * lets the JVM write every class it loaded to the archive on exit. When any of that fails (no
 * unprivileged user namespaces, say), Quarkus's archive stays and the build goes on: the archive
 * only makes starts faster.
 */
public final class CdsTraining {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

  /** What a client first does: ask if it is ready, look around, make and remove a network, get it wrong. */
  private static final String[][] CALLS = {
      {"GET", "/v1/info", null},
      {"GET", "/v1/drivers", null},
      {"GET", "/v1/networks", null},
      {"POST", "/v1/networks", "{\"name\":\"cds-training\",\"driver\":\"nat\"}"},
      {"GET", "/v1/networks/cds-training", null},
      {"DELETE", "/v1/networks/cds-training", null},
      {"GET", "/v1/networks/cds-training", null},
      {"POST", "/v1/networks", "{\"name\":\"cds-training\",\"driver\":\"none-such\"}"},
  };

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Path app = Path.of(args[0]).toAbsolutePath();
    Path work = Files.createTempDirectory(app.getParent(), "cds-training");
    Path trained = work.resolve("app-cds.jsa");
    Path log = work.resolve("service.log");
    try {
      String failure;
      try {
        failure = train(app, work, trained, log);
      } catch (IOException e) {
        failure = "cannot run it: " + e.getMessage();
      }
      if (failure == null && (!Files.isRegularFile(trained) || Files.size(trained) == 0)) {
        failure = "the JVM wrote no archive";
      }
      if (failure == null) {
        Files.move(trained, app.resolve("app-cds.jsa"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("[cds-training] app-cds.jsa now holds the classes of a start to a ready API");
      } else {
        System.out.println("[cds-training] WARNING: kept Quarkus's app-cds.jsa: " + failure);
        if (Files.isRegularFile(log) && Files.size(log) > 0) {
          System.out.println("[cds-training] the service's output:");
          Files.readAllLines(log).stream().filter(l -> !l.contains("[cds]")).limit(40).forEach(System.out::println);
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  /** Runs the training start; null when the service got ready and exited cleanly. */
  private static String train(Path app, Path work, Path archive, Path log) throws Exception {
    Path socket = work.resolve("api.sock");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = List.of("unshare", "--user", "--map-root-user", "--net",
        // a new network namespace starts with its loopback down; a real host's is up
        "sh", "-c", "ip link set lo up 2>/dev/null; exec \"$@\"", "sh",
        java, "-XX:ArchiveClassesAtExit=" + archive,
        "-Dquarkus.http.domain-socket=" + socket,
        "-Dcrossnet.data-dir=" + work.resolve("data"),
        "-Dcrossnet.dns.netns-etc=" + work.resolve("netns-etc"),
        "-Dcrossnet.dns.upstreams=127.0.0.1:9",
        "-Dquarkus.log.level=WARN",
        "-jar", "quarkus-run.jar");
    Process service = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    String failure;
    try {
      failure = readyAndCalled(service, socket);
    } finally {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor();
      }
    }
    // SIGTERM's exit status (143) is how a stopped JVM ends; the archive is written before it
    int exit = service.exitValue();
    return failure != null || exit == 0 || exit == 143 ? failure : "the service exited with " + exit;
  }

  /** Waits for the service to be ready and makes the calls; null when it got ready. */
  private static String readyAndCalled(Process service, Path socket) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (!Files.exists(socket) || status(socket, "GET", "/q/health/ready", null) != 200) {
      if (!service.isAlive()) {
        return "the service exited with " + service.exitValue() + " before it was ready";
      }
      if (System.nanoTime() > deadline) {
        return "the service was not ready after 120 s";
      }
      Thread.sleep(20);
    }
    for (String[] call : CALLS) {
      int status = status(socket, call[0], call[1], call[2]);
      if (status == 0 || status >= 500) {
        // the classes loaded so far still make a better archive than static init's
        System.out.println("[cds-training] WARNING: " + call[0] + " " + call[1] + " answered " + status);
      }
    }
    return null;
  }

  /** One request on a connection of its own; the status code, or 0 when nothing answers yet. */
  private static int status(Path socket, String method, String path, String json) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.1\r\nHost: crossnet\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
      ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
      out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      InputStream in = Channels.newInputStream(channel);
      String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      // "HTTP/1.1 200 OK"
      return reply.startsWith("HTTP/1.1 ") ? Integer.parseInt(reply.substring(9, 12)) : 0;
    } catch (IOException | NumberFormatException notYet) {
      return 0;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
