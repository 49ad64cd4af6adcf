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
 * {@link NetlinkEvents#dropLinksUp} against the kernel: a socket with the filter and one without
 * (the control) see the same bridge made, brought up and deleted; only the control sees it up.
 */
@Privileged
class NetlinkEventsFilterTest {
  private static final long WAIT_MILLIS = 20_000;

  @Test
  void linksUpAreDroppedAndTheRestStillComes() {
    try (TestNetns ns = TestNetns.create("cn-nlfilter")) {
      NetNs netns = NetNs.at(ns.path());
      try (NetlinkEvents filtered = netns.run(() -> NetlinkEvents.open(NetlinkEvents.RTMGRP_LINK, 200));
          NetlinkEvents control = netns.run(() -> NetlinkEvents.open(NetlinkEvents.RTMGRP_LINK, 200))) {
        filtered.dropLinksUp();
        String bridge = "cnf" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62).substring(0, 12);
        ns.sh("ip", "link", "add", bridge, "type", "bridge");
        ns.sh("ip", "link", "set", bridge, "up");
        ns.sh("ip", "link", "del", bridge);

        List<NetlinkMessage> seen = untilDeleted(control, bridge);
        assertTrue(seen.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && Link.of(m).isUp()),
            "the control saw the bridge up");
        List<NetlinkMessage> kept = untilDeleted(filtered, bridge);
        assertFalse(kept.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && Link.of(m).isUp()),
            "the filter dropped every message of the bridge up");
        assertTrue(kept.stream().anyMatch(m -> m.type() == Netlink.RTM_NEWLINK && !Link.of(m).isUp()),
            "the bridge made (down) still came");
      }
    }
  }

  /** The messages about {@code name} up to and including its RTM_DELLINK. */
  private static List<NetlinkMessage> untilDeleted(NetlinkEvents events, String name) {
    List<NetlinkMessage> about = new ArrayList<>();
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      for (NetlinkMessage m : events.receive()) {
        if ((m.type() == Netlink.RTM_NEWLINK || m.type() == Netlink.RTM_DELLINK) && name.equals(Link.of(m).name())) {
          about.add(m);
          if (m.type() == Netlink.RTM_DELLINK) {
            return about;
          }
        }
      }
    }
    throw new AssertionError("no RTM_DELLINK for " + name + " within " + WAIT_MILLIS + " ms; saw " + about.size());
  }
}
