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
 * The directory opened inside one namespace and written through from a thread in another: the
 * setting lands on the first namespace's interface, made after the directory was opened, and not
 * on the interface of the same name that the writer's namespace has. {@code cat} and {@code ip}
 * are the witnesses.
 */
@Privileged
class Ipv6ConfTest {
  @Test
  void writesFromAnotherNamespaceLandInTheOneTheDirectoryWasOpenedIn() {
    try (TestNetns sandbox = TestNetns.create("cn-v6conf"); TestNetns other = TestNetns.create("cn-v6conf")) {
      // "other" stands for the caller's namespace: it has an interface of the same name
      other.sh("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0q");
      try (Ipv6Conf conf = NetNs.at(sandbox.path()).run(() -> Ipv6Conf.openHere(sandbox.path()))) {
        sandbox.sh("ip", "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
        NetNs.at(other.path()).run(() -> {
          conf.disable("d0");
          return null;
        });
        sandbox.sh("ip", "link", "set", "d0", "up");
        sandbox.sh("ip", "link", "set", "d0p", "up");
        assertEquals("1", sandbox.sh("cat", "/proc/sys/net/ipv6/conf/d0/disable_ipv6").trim());
        assertEquals("", sandbox.sh("ip", "-6", "addr", "show", "dev", "d0").trim());
        assertTrue(sandbox.sh("ip", "-6", "addr", "show", "dev", "d0p").contains("fe80::"), "the peer, left alone, keeps IPv6");
        assertEquals("0", other.sh("cat", "/proc/sys/net/ipv6/conf/d0/disable_ipv6").trim(), "the caller's own d0 is untouched");
        assertEquals("ENODEV", assertThrows(BackendFailure.class, () -> conf.disable("nosuch0")).code());
        assertThrows(IllegalArgumentException.class, () -> conf.disable("../all"));
        assertEquals("0", sandbox.sh("cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6").trim());
      }
    }
  }
}
