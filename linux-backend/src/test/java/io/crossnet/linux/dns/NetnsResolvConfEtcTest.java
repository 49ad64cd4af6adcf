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
 * shows the file as the sandbox's /etc/resolv.conf. The file and directory are removed again.
 */
@Privileged
class NetnsResolvConfEtcTest {
  @Test
  void ipNetnsExecSeesTheFile() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf();
    try (TestNetns sandbox = TestNetns.create("cn-dns-etc")) {
      try {
        assertEquals(NetnsResolvConf.Outcome.WRITTEN,
            w.write(sandbox.name(), new DnsSettings(List.of("127.0.0.11"), List.of("svc.test"), List.of("ndots:0"))));
        String seen = sandbox.sh("cat", "/etc/resolv.conf");
        assertTrue(seen.startsWith(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\n"), seen);
      } finally {
        assertTrue(w.remove(sandbox.name()));
      }
      assertFalse(Files.exists(NetnsResolvConf.DEFAULT_ROOT.resolve(sandbox.name())));
    }
  }
}
