package io.crossnet.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.linux.link.Link;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link NetlinkEvents#dropLinksUpAndBridgePorts} against the kernel: a socket with the filter and
 * one without (the control) see the same bridge made and brought up, a veth made its port and
 * deleted, then the bridge deleted; only the control sees the bridge up and the port's AF_BRIDGE
 * messages.
 */
@Privileged
class NetlinkEventsFilterTest {
  private static final long WAIT_MILLIS = 20_000;

  @Test
  void linksUpAndBridgePortsAreDroppedAndTheRestStillComes() {
    try (TestNetns ns = TestNetns.create("cn-nlfilter")) {
      NetNs netns = NetNs.at(ns.path());
      try (NetlinkEvents filtered = netns.run(() -> NetlinkEvents.open(NetlinkEvents.RTMGRP_LINK, 200));
          NetlinkEvents control = netns.run(() -> NetlinkEvents.open(NetlinkEvents.RTMGRP_LINK, 200))) {
        filtered.dropLinksUpAndBridgePorts();
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62).substring(0, 12);
        String bridge = "cnf" + suffix;
        String port = "cnp" + suffix;
        ns.sh("ip", "link", "add", bridge, "type", "bridge");
        ns.sh("ip", "link", "set", bridge, "up");
        ns.sh("ip", "link", "add", port, "type", "veth", "peer", "name", "cnq" + suffix);
        ns.sh("ip", "link", "set", port, "master", bridge);
        ns.sh("ip", "link", "del", port);
        ns.sh("ip", "link", "del", bridge);

        List<NetlinkMessage> seen = untilDeleted(control, bridge);
        assertTrue(seen.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && is(m, bridge) && Link.of(m).isUp()),
            "the control saw the bridge up");
        assertTrue(seen.stream().anyMatch(m -> is(m, port) && m.u8(0) == Netlink.AF_BRIDGE), "the control saw the port's AF_BRIDGE messages");
        List<NetlinkMessage> kept = untilDeleted(filtered, bridge);
        assertFalse(kept.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && Link.of(m).isUp()),
            "the filter dropped every message of a link up");
        assertFalse(kept.stream().anyMatch(m -> m.u8(0) == Netlink.AF_BRIDGE), "the filter dropped every AF_BRIDGE message");
        assertTrue(kept.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && is(m, bridge) && !Link.of(m).isUp()),
            "the bridge made (down) still came");
        assertTrue(kept.stream().anyMatch(m -> m.type() == Netlink.RTM_DELLINK && is(m, port)), "the port's deletion still came");
      }
    }
  }

  private static boolean is(NetlinkMessage m, String name) {
    return name.equals(Link.of(m).name());
  }

  /** The link messages up to and including the RTM_DELLINK of {@code name} (its own, not a port's AF_BRIDGE one). */
  private static List<NetlinkMessage> untilDeleted(NetlinkEvents events, String name) {
    List<NetlinkMessage> about = new ArrayList<>();
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      for (NetlinkMessage m : events.receive()) {
        if (m.type() == Netlink.RTM_NEWLINK || m.type() == Netlink.RTM_DELLINK) {
          about.add(m);
          if (m.type() == Netlink.RTM_DELLINK && m.u8(0) != Netlink.AF_BRIDGE && is(m, name)) {
            return about;
          }
        }
      }
    }
    throw new AssertionError("no RTM_DELLINK for " + name + " within " + WAIT_MILLIS + " ms; saw " + about.size() + " link messages");
  }
}
