package io.crossnet.core.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamsTest {
  @TempDir
  Path dir;

  private static InetSocketAddress at(String ip) {
    return new InetSocketAddress(ip, 53);
  }

  @Test
  void parsesNameserversSearchAndOptions() {
    ResolvConf c = ResolvConf.parse("""
        # comment
        ; other comment
        domain old.example
        search corp.example lab.example
        nameserver 192.0.2.53
        nameserver   2001:db8::53
        nameserver not-an-address
        options ndots:2 timeout:1 # trailing
        sortlist 10.0.0.0
        """);
    assertEquals(List.of("192.0.2.53", "2001:db8::53", "not-an-address"), c.nameservers());
    assertEquals(List.of("corp.example", "lab.example"), c.search());
    assertEquals(List.of("ndots:2", "timeout:1"), c.options());
    assertEquals(List.of(at("192.0.2.53"), at("2001:db8::53")), Upstreams.addresses(c.nameservers()));
  }

  @Test
  void ownAddressIsNeverAnUpstream() {
    assertEquals(List.of(at("192.0.2.1")), Upstreams.addresses(List.of("127.0.0.11", "192.0.2.1")));
  }

  @Test
  void systemdStubIsReplacedByItsUpstreams() throws Exception {
    Path main = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\nsearch home.example\noptions edns0 trust-ad\n");
    Path systemd = Files.writeString(dir.resolve("systemd.conf"), "nameserver 192.0.2.10\nnameserver 192.0.2.11\nsearch .\n");
    Upstreams u = new Upstreams(main, systemd);
    assertEquals(List.of(at("192.0.2.10"), at("192.0.2.11")), u.servers());
    assertEquals(List.of("home.example"), u.conf().search());
    assertEquals(List.of("edns0", "trust-ad"), u.conf().options());
  }

  @Test
  void stubWithoutSystemdFileStaysAsIs() throws Exception {
    Path main = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
    assertEquals(List.of(at("127.0.0.53")), new Upstreams(main, dir.resolve("missing")).servers());
  }

  @Test
  void aStubNextToARealServerIsKept() throws Exception {
    Path main = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\nnameserver 192.0.2.1\n");
    Path systemd = Files.writeString(dir.resolve("systemd.conf"), "nameserver 192.0.2.10\n");
    assertEquals(List.of(at("127.0.0.53"), at("192.0.2.1")), new Upstreams(main, systemd).servers());
  }

  @Test
  void missingFileMeansNoUpstreams() {
    assertEquals(List.of(), new Upstreams(dir.resolve("none"), dir.resolve("none2")).servers());
  }

  @Test
  void changesAreNoticed() throws Exception {
    Path main = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    Upstreams u = new Upstreams(main, dir.resolve("none"));
    assertEquals(List.of(at("192.0.2.1")), u.servers());
    Files.writeString(main, "nameserver 192.0.2.2\n");
    Files.setLastModifiedTime(main, FileTime.from(Instant.now().plusSeconds(5)));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!u.servers().equals(List.of(at("192.0.2.2"))) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(List.of(at("192.0.2.2")), u.servers());
  }
}
