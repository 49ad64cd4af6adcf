import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.firewall.iptables.IptablesFirewall;
import io.crossnet.linux.firewall.nft.NftFirewall;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.core.model.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of the k-th published port, k up to N, for one firewall driver, driven through the
 * driver itself (what an attach with one port asks of it) in a scratch namespace made by
 * bench/ports.sh, after a warm-up whose ports are removed again. Ports are added in buckets of
 * 1,000: S of each are timed one endpoint (one port) at a time, the rest filled in by one untimed
 * endpoint; the timed ports are the first bucket's first S (k = 1..S) and every other bucket's
 * last S (..., k = N-S+1..N). Prints the median per bucket and the ratio of the
 * last bucket's median to the first's; then the median cost of removing one endpoint's port at
 * N. Numbers, never assertions.
 */
public class PortsBench {
  private static final int BUCKET = 1000;

  public static void main(String[] args) throws Exception {
    String netns = args[0];
    String driver = args[1];
    int n = Integer.parseInt(args[2]);
    int samples = Integer.parseInt(args[3]);
    NetNs ns = NetNs.at(netns);
    Firewall fw = driver.equals("iptables") ? IptablesFirewall.open(ns) : NftFirewall.open(ns);
    String net = id(0xfeed);
    fw.addNetwork(new FirewallNetwork(net, "cnbench0", List.of(IpPrefix.parse("s", "10.210.0.0/16")), true, false));
    // warm-up (JIT, libraries, first process starts): added and removed again, so the table starts empty
    for (int i = 0; i < 200; i++) {
      FirewallPorts p = ports(100_000 + i, List.of(new PortMapping("udp", null, 60000 + i, 80, 1)));
      fw.addPorts(p);
      fw.removePorts(p);
    }
    int port = 1024;
    int endpoint = 1;
    List<FirewallPorts> last = new ArrayList<>();
    System.out.printf("# %s: cost of adding the k-th published port (one endpoint, one port, IPv4), %d timed per %d%n",
        driver, samples, BUCKET);
    double first = 0;
    double lastMedian = 0;
    for (int bucket = 0; bucket * BUCKET < n; bucket++) {
      // the first bucket is timed from k = 1, the others up to their last port, so the last ends at k = n
      boolean timedFirst = bucket == 0;
      int fill = BUCKET - samples;
      if (!timedFirst) {
        fillIn(fw, ports(endpoint++, bulk(port, fill)));
        port += fill;
      }
      long[] t = new long[samples];
      last.clear();
      for (int i = 0; i < samples; i++) {
        FirewallPorts p = ports(endpoint++, List.of(new PortMapping("tcp", null, port++, 80, 1)));
        long t0 = System.nanoTime();
        fw.addPorts(p);
        t[i] = System.nanoTime() - t0;
        last.add(p);
      }
      if (timedFirst) {
        fillIn(fw, ports(endpoint++, bulk(port, fill)));
        port += fill;
      }
      double median = median(t);
      if (bucket == 0) {
        first = median;
      }
      lastMedian = median;
      int k0 = bucket * BUCKET + (timedFirst ? 1 : fill + 1);
      System.out.printf("k=%5d..%5d  median %7.3f ms  p90 %7.3f ms%n", k0, k0 + samples - 1, median, pct(t, 0.9));
    }
    System.out.printf("ratio (median of the last bucket / median of the first): %.2f%n", lastMedian / first);
    long[] del = new long[last.size()];
    for (int i = 0; i < last.size(); i++) {
      long t0 = System.nanoTime();
      fw.removePorts(last.get(i));
      del[i] = System.nanoTime() - t0;
    }
    System.out.printf("removing one endpoint's port at k=%d: median %.3f ms%n", n, median(del));
    fw.close();
  }

  private static List<PortMapping> bulk(int from, int count) {
    List<PortMapping> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new PortMapping("tcp", null, from + i, 80, 1));
    }
    return out;
  }

  /** Untimed: one endpoint holding many ports (one transaction or one restore). */
  private static void fillIn(Firewall fw, FirewallPorts p) {
    if (!p.ports().isEmpty()) {
      fw.addPorts(p);
    }
  }

  private static FirewallPorts ports(int endpoint, List<PortMapping> m) {
    IpAddress target = IpAddress.parse("t", "10.210." + ((endpoint >> 8) & 0xff) + "." + (endpoint & 0xff));
    return new FirewallPorts(id(endpoint), id(0xfeed), "cnbench0", target, null, m);
  }

  private static String id(int i) {
    return String.format("%064x", i);
  }

  private static double median(long[] nanos) {
    return pct(nanos, 0.5);
  }

  private static double pct(long[] nanos, double q) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))] / 1e6;
  }
}
