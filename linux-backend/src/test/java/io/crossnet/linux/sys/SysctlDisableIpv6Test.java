package io.crossnet.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * IPv6 turned off on one interface of a namespace, by path: a name with a dot (a VLAN's, say)
 * is one directory under {@code /proc/sys}, not two, and the interface brought up afterwards has
 * no IPv6 address and no IPv6 route, while its peer, left alone, has its link-local address.
 * {@code cat} and {@code ip} are the independent witnesses.
 */
@Privileged
class SysctlDisableIpv6Test {
  @Test
  void anInterfaceUpAfterwardsGetsNoIpv6() {
    try (TestNetns ns = TestNetns.create("cn-sysctl6")) {
      NetNs netns = NetNs.at(ns.path());
      ns.sh("ip", "link", "add", "d0.5", "type", "veth", "peer", "name", "d0p");
      Sysctl.disableIpv6(netns, "d0.5");
      ns.sh("ip", "link", "set", "d0.5", "up");
      ns.sh("ip", "link", "set", "d0p", "up");
      // the control: the peer, left alone, has its link-local address once it has carrier
      assertTrue(ns.sh("ip", "-6", "addr", "show", "dev", "d0p").contains("fe80::"));
      assertEquals("1", ns.sh("cat", "/proc/sys/net/ipv6/conf/d0.5/disable_ipv6").trim());
      assertEquals("", ns.sh("ip", "-6", "addr", "show", "dev", "d0.5").trim());
      assertEquals("", ns.sh("ip", "-6", "route", "show", "table", "all", "dev", "d0.5").trim());
      assertEquals("0", ns.sh("cat", "/proc/sys/net/ipv6/conf/lo/disable_ipv6").trim(), "the others keep theirs");
      assertEquals("0", ns.sh("cat", "/proc/sys/net/ipv6/conf/d0p/disable_ipv6").trim());
    }
  }

  @Test
  void aMissingInterfaceOrABadNameIsRefused() {
    try (TestNetns ns = TestNetns.create("cn-sysctl6")) {
      NetNs netns = NetNs.at(ns.path());
      assertEquals("ENODEV", assertThrows(BackendFailure.class, () -> Sysctl.disableIpv6(netns, "nosuch0")).code());
      assertThrows(IllegalArgumentException.class, () -> Sysctl.disableIpv6(netns, "../all"));
      assertEquals("0", ns.sh("cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6").trim());
    }
  }
}
