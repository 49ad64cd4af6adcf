package io.crossnet.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real /etc/netns, under the random name of a namespace this test made: {@code ip netns exec}
 * shows the file as the sandbox's /etc/resolv.conf. The file and directory are removed again, and
 * closing the writer removes the spare directory the removal made.
 */
@Privileged
class NetnsResolvConfEtcTest {
  @Test
  void ipNetnsExecSeesTheFile() throws Exception {
    boolean poolBefore = Files.exists(NetnsResolvConf.DEFAULT_ROOT.resolve(SpareDirs.DIR));
    try (NetnsResolvConf w = new NetnsResolvConf();
        TestNetns first = TestNetns.create("cn-dns-etc");
        TestNetns second = TestNetns.create("cn-dns-etc")) {
      try {
        assertEquals(NetnsResolvConf.Outcome.WRITTEN,
            w.write(first.name(), new DnsSettings(List.of("127.0.0.11"), List.of("svc.test"), List.of("ndots:0"))));
        String seen = first.sh("cat", "/etc/resolv.conf");
        assertTrue(seen.startsWith(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\n"), seen);
      } finally {
        assertTrue(w.remove(first.name()));
      }
      assertFalse(Files.exists(NetnsResolvConf.DEFAULT_ROOT.resolve(first.name())));
      // the second sandbox's directory is the first one's, renamed from the spare pool
      try {
        assertEquals(1, w.spares());
        w.write(second.name(), new DnsSettings(List.of("127.0.0.11"), List.of("other.test"), List.of()));
        assertEquals(0, w.spares());
        assertEquals(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\nsearch other.test\n", second.sh("cat", "/etc/resolv.conf"));
      } finally {
        assertTrue(w.remove(second.name()));
      }
    }
    assertEquals(poolBefore, Files.exists(NetnsResolvConf.DEFAULT_ROOT.resolve(SpareDirs.DIR)), "close removes the pool it made");
  }
}
