package io.crossnet.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * A setting whose handler ends a read at any non-zero offset ({@code proxy_delay}, in USER_HZ)
 * reads back whole, and writing what was read restores it: what a network that changes such a
 * setting and puts it back on delete relies on. {@code cat} is the independent witness.
 */
@Privileged
class SysctlMultiDigitTest {
  @Test
  void multiDigitValuesSurviveARoundTrip() {
    try (TestNetns ns = TestNetns.create("cn-sysctl")) {
      NetNs netns = NetNs.at(ns.path());
      String key = "net.ipv4.neigh.lo.proxy_delay";
      Sysctl.write(netns, key, "0");
      Sysctl.write(netns, key, "80");
      assertEquals("80", ns.sh("cat", "/proc/sys/net/ipv4/neigh/lo/proxy_delay").trim());
      assertEquals("80", Sysctl.read(netns, key));
      Sysctl.write(netns, key, "100");
      assertEquals("100", Sysctl.read(netns, key));
    }
  }
}
