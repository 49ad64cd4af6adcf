package io.crossnet.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sysctl files through crossnet's private proc instance: the instance is there on this machine
 * (as root; otherwise every attach pays the shared /proc/sys's hash chain), each thread sees the
 * namespace it is in across many replacements of the instance, concurrent opens never go through
 * a closed one, and replaced instances are closed. {@code ip} and {@code cat} are the witnesses.
 */
@Privileged
class ProcSysTest {
  @Test
  void eachThreadSeesItsOwnNamespaceAcrossReplacements() throws Exception {
    try (TestNetns a = TestNetns.create("cn-procsys"); TestNetns b = TestNetns.create("cn-procsys")) {
      a.sh("ip", "link", "add", "pa0", "type", "veth", "peer", "name", "pa1");
      b.sh("ip", "link", "add", "pb0", "type", "veth", "peer", "name", "pb1");
      b.sh("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/pb0/disable_ipv6");
      NetNs na = NetNs.at(a.path());
      NetNs nb = NetNs.at(b.path());
      assertTrue(ProcSys.privateInstance(), "root may make a private proc instance on this machine kind");
      long mountsBefore = procMountFds();

      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          runs.add(pool.submit(() -> {
            for (int i = 0; i < 3 * ProcSys.ROTATE; i++) {
              assertEquals("0", Sysctl.read(na, "net.ipv6.conf.pa0.disable_ipv6"));
              assertNull(Sysctl.read(na, "net.ipv6.conf.pb0.disable_ipv6"), "b's interface is not in a");
              assertEquals("1", Sysctl.read(nb, "net.ipv6.conf.pb0.disable_ipv6"));
              assertNull(Sysctl.read(nb, "net.ipv6.conf.pa0.disable_ipv6"));
            }
            return null;
          }));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      } finally {
        pool.shutdownNow();
      }
      // 4 x 3 x 64 x 4 opens replaced the instance dozens of times; at most the current one is open
      assertTrue(procMountFds() <= Math.max(mountsBefore, 1), "replaced instances are closed");

      Sysctl.disableIpv6(na, "pa0");
      assertEquals("1", a.sh("cat", "/proc/sys/net/ipv6/conf/pa0/disable_ipv6").trim());
      assertEquals("0", b.sh("cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6").trim());
    }
  }

  /** This process's open fds that are proc mounts of its own (a detached mount shows as "/"). */
  private static long procMountFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.exists(fd.resolve("sys/net")) && Files.readSymbolicLink(fd).toString().equals("/");
        } catch (IOException | RuntimeException e) {
          return false;
        }
      }).count();
    }
  }
}
