package io.crossnet.service.testing;

import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in machine for the service: a "host" namespace (where crossnet puts bridges and
 * firewall rules) with one uplink veth to a "world" namespace, dual-stack: 192.0.2.0/24 and the
 * documentation prefix 2001:db8::/64. World has no route to container subnets, so a connection
 * from a container arrives there only if it was masqueraded to {@link #HOST_UPLINK} (or
 * {@link #HOST_UPLINK6}). Sandboxes are namespaces of their own. Everything is removed on close.
 */
public final class HostTopology implements AutoCloseable {
  public static final String HOST_UPLINK = "192.0.2.1";
  public static final String WORLD = "192.0.2.2";
  public static final String HOST_UPLINK6 = "2001:db8::1";
  public static final String WORLD6 = "2001:db8::2";

  private final TestNetns host;
  private final TestNetns world;
  private final List<TestNetns> sandboxes = new ArrayList<>();

  private HostTopology(TestNetns host, TestNetns world) {
    this.host = host;
    this.world = world;
  }

  public static HostTopology create() {
    TestNetns host = TestNetns.create("cnh");
    TestNetns world = null;
    try {
      world = TestNetns.create("cnw");
      String up = "up" + Long.toHexString(System.nanoTime() & 0xffffffL);
      host.sh("ip", "link", "add", up, "type", "veth", "peer", "name", "uplink", "netns", world.name());
      host.sh("ip", "addr", "add", HOST_UPLINK + "/24", "dev", up);
      // nodad: usable at once, no tentative phase for a test to wait out
      host.sh("ip", "addr", "add", HOST_UPLINK6 + "/64", "dev", up, "nodad");
      host.sh("ip", "link", "set", up, "up");
      world.sh("ip", "addr", "add", WORLD + "/24", "dev", "uplink");
      world.sh("ip", "addr", "add", WORLD6 + "/64", "dev", "uplink", "nodad");
      world.sh("ip", "link", "set", "uplink", "up");
      return new HostTopology(host, world);
    } catch (RuntimeException | AssertionError e) {
      if (world != null) {
        world.close();
      }
      host.close();
      throw e;
    }
  }

  public TestNetns host() {
    return host;
  }

  public TestNetns world() {
    return world;
  }

  /** The host end of the uplink ({@code up} plus a random suffix), for tests that add host addresses. */
  public String uplink() {
    return Shell.in(host, "ip", "-o", "link", "show").ok().out().lines()
        .map(l -> l.split(": ")[1].split("@")[0]).filter(n -> n.startsWith("up")).findFirst().orElseThrow();
  }

  public TestNetns sandbox(String prefix) {
    TestNetns ns = TestNetns.create(prefix);
    sandboxes.add(ns);
    return ns;
  }

  /** A sandbox as {@code ip netns add} leaves it, lo never up (see {@link TestNetns#createBare}). */
  public TestNetns bareSandbox(String prefix) {
    TestNetns ns = TestNetns.createBare(prefix);
    sandboxes.add(ns);
    return ns;
  }

  /**
   * A second NIC of the host, unaddressed and up, standing in for a physical port on a LAN: a veth
   * whose host end is {@code eth1} plus a random suffix and whose other end, {@code lan} plus the
   * same suffix, sits in world (the LAN's peer machine), also up. Goes with world on close.
   */
  public LanNic lanNic() {
    String suffix = Long.toHexString(System.nanoTime() & 0xfffffL);
    LanNic nic = new LanNic("eth1" + suffix, "lan" + suffix);
    host.sh("ip", "link", "add", nic.host(), "type", "veth", "peer", "name", nic.lan(), "netns", world.name());
    host.sh("ip", "link", "set", nic.host(), "up");
    world.sh("ip", "link", "set", nic.lan(), "up");
    return nic;
  }

  /** The two ends of {@link #lanNic()}: {@code host} in the host namespace, {@code lan} in world. */
  public record LanNic(String host, String lan) {}

  /** Links in the host namespace other than lo, the uplink and {@link #lanNic()}s: what crossnet made there. */
  public List<String> crossnetLinks() {
    return Shell.in(host, "ip", "-o", "link", "show").ok().out().lines()
        .map(l -> l.split(": ")[1].split("@")[0])
        .filter(n -> !n.equals("lo") && !n.startsWith("up") && !n.matches("eth1[0-9a-f]+"))
        .toList();
  }

  @Override
  public void close() {
    sandboxes.forEach(TestNetns::close);
    world.close();
    host.close();
  }
}
