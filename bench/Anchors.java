import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors crossnet is compared with, driven the way a container runtime drives them: one
 * process per operation, configuration on stdin. Run inside a scratch "host" namespace of its own
 * ({@code ip netns exec HOST java bench/Anchors.java MODE ...}), so bridges and iptables rules land
 * there. JDK only. Modes:
 *
 * <pre>
 *   cni      PREFIX N PORTS DIR   CNI bridge + host-local (spec 1.0.0: CNI_COMMAND=ADD/DEL ...), with the
 *                                 portmap plugin chained after it (prevResult) when PORTS=1
 *   netavark PREFIX N PORTS DIR   netavark setup/teardown (network JSON as podman writes it; dns_enabled,
 *                                 as podman network create sets it), one port mapping each when PORTS=1
 *   nvdns    PREFIX E A DIR ASKER netavark setup of E sandboxes, each named nE-0 with aliases nE-1..nE-A,
 *                                 and of ASKER; left set up, aardvark-dns serving them (for dnsperf)
 *   floor    N                    fork + exec of /bin/true: what any process-per-operation tool pays first
 * </pre>
 *
 * Sandbox i goes to network i % ceil(N / 1000) (a Linux bridge holds at most 1,023 ports), as
 * crossnet's side does. An operation that fails ends the run with its output: errors are never
 * timed. After the attaches each sandbox's address is checked in the kernel, and with ports the
 * DNAT rules are counted. Result lines as in AttachBench: RESULT, key, n, p50, p95, max (ms).
 */
public class Anchors {
  static final String CNI_PATH = "/usr/lib/cni";
  static final String NETAVARK = "/usr/lib/podman/netavark";
  static final String AARDVARK = "/usr/lib/podman/aardvark-dns";
  private static final Pattern CNI_ADDRESS = Pattern.compile("\"address\":\\s*\"([0-9.]+/[0-9]+)\"");
  private static final Pattern NV_ADDRESS = Pattern.compile("\"ipnet\":\\s*\"([0-9.]+/[0-9]+)\"");

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "cni" -> cni(args[1], Integer.parseInt(args[2]), args[3].equals("1"), Path.of(args[4]));
      case "netavark" -> netavark(args[1], Integer.parseInt(args[2]), args[3].equals("1"), Path.of(args[4]));
      case "nvdns" -> nvdns(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]), args[5]);
      case "floor" -> floor(Integer.parseInt(args[1]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  // ---- CNI ----

  static void cni(String prefix, int n, boolean ports, Path dir) throws Exception {
    int nets = networksFor(n);
    long[] add = new long[n];
    long[] del = new long[n];
    String[] results = new String[n];
    String[] addresses = new String[n];
    for (int i = 0; i < n; i++) {
      String bridge = cniBridge(i % nets, dir);
      long t0 = System.nanoTime();
      String r = cniRun("bridge", "ADD", prefix, i, bridge);
      if (ports) {
        cniRun("portmap", "ADD", prefix, i, withPrevResult(cniPortmap(i, bridge), r));
      }
      add[i] = System.nanoTime() - t0;
      results[i] = r;
      addresses[i] = group(CNI_ADDRESS, r);
    }
    checkAddresses(prefix, addresses);
    if (ports) {
      checkDnatRules(n);
    }
    for (int i = 0; i < n; i++) {
      String bridge = cniBridge(i % nets, dir);
      long t0 = System.nanoTime();
      // as libcni does: plugins in reverse order, each given the cached result of the ADD
      if (ports) {
        cniRun("portmap", "DEL", prefix, i, withPrevResult(cniPortmap(i, bridge), results[i]));
      }
      cniRun("bridge", "DEL", prefix, i, withPrevResult(bridge, results[i]));
      del[i] = System.nanoTime() - t0;
    }
    String key = (ports ? ".port" : "") + ".n" + n;
    result("cni.attach" + key, add);
    result("cni.detach" + key, del);
  }

  static String cniBridge(int j, Path dir) {
    return "{\"cniVersion\":\"1.0.0\",\"name\":\"bench" + j + "\",\"type\":\"bridge\",\"bridge\":\"cni" + j + "\","
        + "\"isGateway\":true,\"ipMasq\":true,\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10." + (210 + j)
        + ".0.0/16\"}]],\"dataDir\":\"" + dir.resolve("ipam") + "\"}}";
  }

  /** The portmap entry of the same network list, with the runtime's portMappings capability filled in. */
  static String cniPortmap(int i, String bridge) {
    String name = group(Pattern.compile("\"name\":\"([^\"]+)\""), bridge);
    return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\",\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},"
        + "\"snat\":true,\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":" + (20000 + i)
        + ",\"containerPort\":80,\"protocol\":\"tcp\"}]}}";
  }

  static String withPrevResult(String config, String prevResult) {
    return config.substring(0, config.lastIndexOf('}')) + ",\"prevResult\":" + prevResult.trim() + "}";
  }

  static String cniRun(String plugin, String command, String prefix, int i, String config) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(CNI_PATH + "/" + plugin);
    Map<String, String> env = pb.environment();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", "bench-" + prefix + i);
    env.put("CNI_NETNS", "/var/run/netns/" + prefix + i);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", CNI_PATH);
    return run(pb, config, plugin + " " + command + " " + prefix + i);
  }

  // ---- netavark ----

  static void netavark(String prefix, int n, boolean ports, Path dir) throws Exception {
    int nets = networksFor(n);
    Path config = Files.createDirectories(dir.resolve("netavark"));
    String[] networkIds = new String[nets];
    for (int j = 0; j < nets; j++) {
      networkIds[j] = hex64();
    }
    long[] add = new long[n];
    long[] del = new long[n];
    String[] options = new String[n];
    String[] addresses = new String[n];
    for (int i = 0; i < n; i++) {
      int j = i % nets;
      options[i] = nvOptions(hex64(), "c" + i, List.of(), j, networkIds[j], i / nets, ports ? 20000 + i : 0);
      long t0 = System.nanoTime();
      String r = nvRun("setup", config, prefix + i, options[i]);
      add[i] = System.nanoTime() - t0;
      addresses[i] = group(NV_ADDRESS, r);
    }
    checkAddresses(prefix, addresses);
    if (ports) {
      checkDnatRules(n);
    }
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      nvRun("teardown", config, prefix + i, options[i]);
      del[i] = System.nanoTime() - t0;
    }
    String key = (ports ? ".port" : "") + ".n" + n;
    result("netavark.attach" + key, add);
    result("netavark.detach" + key, del);
  }

  static void nvdns(String prefix, int endpoints, int aliases, Path dir, String asker) throws Exception {
    Path config = Files.createDirectories(dir.resolve("netavark-dns"));
    String networkId = hex64();
    List<String> addresses = new ArrayList<>();
    for (int e = 0; e < endpoints; e++) {
      List<String> names = new ArrayList<>();
      for (int a = 1; a <= aliases; a++) {
        names.add("n" + e + "-" + a);
      }
      addresses.add(group(NV_ADDRESS, nvRun("setup", config, prefix + e,
          nvOptions(hex64(), "n" + e + "-0", names, 9, networkId, e, 0))));
    }
    String r = nvRun("setup", config, asker, nvOptions(hex64(), "asker", List.of(), 9, networkId, endpoints, 0));
    checkAddresses(prefix, addresses.toArray(new String[0]));
    System.out.println("# netavark: " + endpoints + " sandboxes with " + (aliases + 1) + " names each and the asker, "
        + "aardvark-dns at 10.229.0.1; asker " + group(NV_ADDRESS, r));
  }

  /** The options netavark reads on stdin, in the shape podman writes them (IPAM is podman's: static_ips). */
  static String nvOptions(String containerId, String name, List<String> aliases, int j, String networkId, int index, int hostPort) {
    int offset = index + 2;
    String net = "10." + (220 + j);
    String ip = net + "." + (offset >> 8) + "." + (offset & 255);
    StringBuilder names = new StringBuilder("\"" + name + "\"");
    aliases.forEach(a -> names.append(",\"").append(a).append('"'));
    return "{\"container_id\":\"" + containerId + "\",\"container_name\":\"" + name + "\","
        + (hostPort == 0 ? "" : "\"port_mappings\":[{\"host_ip\":\"\",\"container_port\":80,\"host_port\":" + hostPort
            + ",\"range\":1,\"protocol\":\"tcp\"}],")
        + "\"networks\":{\"bench" + j + "\":{\"static_ips\":[\"" + ip + "\"],\"aliases\":[" + names
        + "],\"interface_name\":\"eth0\"}},"
        + "\"network_info\":{\"bench" + j + "\":{\"name\":\"bench" + j + "\",\"id\":\"" + networkId + "\",\"driver\":\"bridge\","
        + "\"network_interface\":\"nv" + j + "\",\"subnets\":[{\"subnet\":\"" + net + ".0.0/16\",\"gateway\":\"" + net + ".0.1\"}],"
        + "\"ipv6_enabled\":false,\"internal\":false,\"dns_enabled\":true,\"ipam_options\":{\"driver\":\"host-local\"}}}}";
  }

  static String nvRun(String command, Path config, String netns, String options) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(NETAVARK, "--config", config.toString(), "--aardvark-binary", AARDVARK,
        command, "/var/run/netns/" + netns);
    String out = run(pb, options, "netavark " + command + " " + netns);
    if (out.contains("\"error\"")) {
      throw new IllegalStateException("netavark " + command + " " + netns + " failed: " + out);
    }
    return out;
  }

  // ---- shared ----

  static void floor(int n) throws Exception {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      run(new ProcessBuilder("/bin/true"), "", "/bin/true");
      t[i] = System.nanoTime() - t0;
    }
    result("exec.floor", t);
  }

  /** Runs one operation: config on stdin, stdout returned; a non-zero exit is a failure of the run. */
  static String run(ProcessBuilder pb, String stdin, String what) throws Exception {
    Process p = pb.redirectError(ERR.toFile()).start();
    try (OutputStream o = p.getOutputStream()) {
      o.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(what + " exited " + rc + ": " + out + Files.readString(ERR) + "\nstdin: " + stdin);
    }
    return out;
  }

  /** Where each operation's stderr goes (truncated per operation), deleted at exit. */
  private static final Path ERR;

  static {
    try {
      ERR = Files.createTempFile("anchors", ".err");
      ERR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static int networksFor(int n) {
    return Math.max(1, (n + 999) / 1000);
  }

  static String hex64() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%016x%016x%016x", r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
  }

  static void checkAddresses(String prefix, String[] addresses) throws Exception {
    for (int i = 0; i < addresses.length; i++) {
      String out = run(new ProcessBuilder("ip", "-n", prefix + i, "-4", "-o", "addr", "show", "dev", "eth0"), "", "ip addr");
      if (!out.contains(" " + addresses[i] + " ")) {
        throw new IllegalStateException("sandbox " + prefix + i + " should have " + addresses[i] + " on eth0, has: " + out);
      }
    }
    System.out.printf("# %d sandboxes checked: each has its address on eth0%n", addresses.length);
  }

  /** Counts DNAT rules in this namespace's nat table: one per published port. */
  static void checkDnatRules(int n) throws Exception {
    String out = run(new ProcessBuilder("iptables-save", "-t", "nat"), "", "iptables-save");
    long found = out.lines().filter(l -> l.contains("-j DNAT --to-destination")).count();
    if (found != n) {
      throw new IllegalStateException("expected " + n + " DNAT rules, found " + found);
    }
    System.out.printf("# %d DNAT rules found in iptables%n", n);
  }

  static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + text);
    }
    return m.group(1);
  }

  static long pct(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.max(0, (int) Math.ceil(s.length * q / 100) - 1)];
  }

  static void result(String key, long[] nanos) {
    System.out.printf("RESULT\t%s\t%d\t%.3f\t%.3f\t%.3f%n", key, nanos.length, pct(nanos, 50) / 1e6, pct(nanos, 95) / 1e6,
        pct(nanos, 100) / 1e6);
  }
}
