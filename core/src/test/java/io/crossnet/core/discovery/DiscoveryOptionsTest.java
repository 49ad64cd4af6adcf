package io.crossnet.core.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryOptionsTest {
  @Test
  void domains() {
    assertNull(DiscoveryOptions.checkDomain("cluster.example"));
    assertNull(DiscoveryOptions.checkDomain("svc."));
    assertNull(DiscoveryOptions.checkDomain("a_b.c-d"));
    assertNotNull(DiscoveryOptions.checkDomain(""));
    assertNotNull(DiscoveryOptions.checkDomain("bad..dots"));
    assertNotNull(DiscoveryOptions.checkDomain("-lead.example"));
    assertNotNull(DiscoveryOptions.checkDomain("sp ace"));
    assertNotNull(DiscoveryOptions.checkDomain("x\nnameserver 1.2.3.4"));
    assertNotNull(DiscoveryOptions.checkDomain("10.in-addr.arpa"));
    assertNotNull(DiscoveryOptions.checkDomain("a".repeat(64)));
  }

  @Test
  void servers() {
    assertNull(DiscoveryOptions.checkServers("192.0.2.1"));
    assertNull(DiscoveryOptions.checkServers("192.0.2.1, 2001:db8::1"));
    assertNotNull(DiscoveryOptions.checkServers("dns.example"));
    assertNotNull(DiscoveryOptions.checkServers("192.0.2.1,"));
    assertNotNull(DiscoveryOptions.checkServers("127.0.0.11"));
  }

  @Test
  void settingsForASandbox() {
    ResolvConf host = new ResolvConf(List.of("192.0.2.1"), List.of("corp.example", "red.test"), List.of("ndots:3", "edns0"));
    DnsSettings s = DnsSettings.forSandbox(List.of("red.test"), host);
    assertEquals(List.of("127.0.0.11"), s.nameservers());
    assertEquals(List.of("red.test", "corp.example"), s.search());
    assertEquals(List.of("edns0", "ndots:0"), s.options());
  }
}
