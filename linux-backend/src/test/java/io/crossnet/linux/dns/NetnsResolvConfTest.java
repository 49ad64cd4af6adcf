package io.crossnet.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.core.error.InvalidRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetnsResolvConfTest {
  @TempDir
  Path root;

  private final DnsSettings settings =
      new DnsSettings(List.of("127.0.0.11"), List.of("red.test", "corp.example"), List.of("ndots:0", "edns0"));

  @Test
  void writesWhenNoneExists() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    assertEquals(NetnsResolvConf.Outcome.WRITTEN, w.write("sb1", settings));
    assertEquals(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\nsearch red.test corp.example\noptions ndots:0 edns0\n",
        Files.readString(root.resolve("sb1/resolv.conf")));
  }

  @Test
  void rewritesItsOwnFile() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    w.write("sb1", settings);
    assertEquals(NetnsResolvConf.Outcome.WRITTEN, w.write("sb1", new DnsSettings(List.of("127.0.0.11"), List.of(), List.of())));
    assertEquals(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\n", Files.readString(root.resolve("sb1/resolv.conf")));
  }

  @Test
  void neverOverwritesOrRemovesAForeignFile() throws Exception {
    Path dir = Files.createDirectories(root.resolve("sb1"));
    Path file = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    NetnsResolvConf w = new NetnsResolvConf(root);
    assertEquals(NetnsResolvConf.Outcome.FOREIGN, w.write("sb1", settings));
    assertFalse(w.remove("sb1"));
    assertEquals("nameserver 192.0.2.1\n", Files.readString(file));
  }

  @Test
  void markerMustBeTheFirstLine() throws Exception {
    Path dir = Files.createDirectories(root.resolve("sb1"));
    Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n" + NetnsResolvConf.MARKER + "\n");
    assertEquals(NetnsResolvConf.Outcome.FOREIGN, new NetnsResolvConf(root).write("sb1", settings));
  }

  @Test
  void theMarkerMustBeTheWholeFirstLine() throws Exception {
    Path dir = Files.createDirectories(root.resolve("sb1"));
    Path file = dir.resolve("resolv.conf");
    NetnsResolvConf w = new NetnsResolvConf(root);
    Files.writeString(file, NetnsResolvConf.MARKER + " and more\nnameserver 192.0.2.1\n");
    assertFalse(w.ours(file));
    Files.writeString(file, NetnsResolvConf.MARKER.substring(1));
    assertFalse(w.ours(file));
    Files.writeString(file, NetnsResolvConf.MARKER);
    assertTrue(w.ours(file));
    Files.writeString(file, NetnsResolvConf.MARKER + "\r\nnameserver 192.0.2.1\n");
    assertTrue(w.ours(file));
    Files.writeString(file, NetnsResolvConf.MARKER + "\nnameserver 192.0.2.1\n");
    assertTrue(w.ours(file));
  }

  @Test
  void symbolicLinksAreForeign() throws Exception {
    Path target = Files.writeString(root.resolve("elsewhere"), NetnsResolvConf.MARKER + "\n");
    Path dir = Files.createDirectories(root.resolve("sb1"));
    Files.createSymbolicLink(dir.resolve("resolv.conf"), target);
    Files.createSymbolicLink(root.resolve("sb2"), dir);
    NetnsResolvConf w = new NetnsResolvConf(root);
    assertEquals(NetnsResolvConf.Outcome.FOREIGN, w.write("sb1", settings));
    assertEquals(NetnsResolvConf.Outcome.FOREIGN, w.write("sb2", settings));
    assertFalse(w.remove("sb1"));
    assertEquals(NetnsResolvConf.MARKER + "\n", Files.readString(target));
  }

  @Test
  void removesItsOwnFileAndTheEmptyDirectory() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    w.write("sb1", settings);
    w.write("sb2", settings);
    Files.writeString(root.resolve("sb2/hosts"), "127.0.0.1 localhost\n");
    assertTrue(w.remove("sb1"));
    assertFalse(Files.exists(root.resolve("sb1")));
    assertTrue(w.remove("sb2"));
    assertTrue(Files.exists(root.resolve("sb2/hosts")));
    assertFalse(w.remove("sb1"));
    assertFalse(w.remove("never"));
  }

  @Test
  void aRemovedSandboxsDirectoryServesTheNextWithAFileNoSandboxHadBefore() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    w.write("sb1", settings);
    Path sb1File = root.resolve("sb1/resolv.conf");
    String sb1Content = Files.readString(sb1File);
    // stands for an `ip netns exec sb1` process that has the file bind-mounted as its /etc/resolv.conf
    Path held = Files.createLink(root.resolve("held-by-a-process"), sb1File);
    assertTrue(w.remove("sb1"));
    assertFalse(Files.exists(root.resolve("sb1")));
    assertEquals(1, w.spares());

    DnsSettings other = new DnsSettings(List.of("127.0.0.11"), List.of("blue.test"), List.of());
    assertEquals(NetnsResolvConf.Outcome.WRITTEN, w.write("sb2", other));
    assertEquals(0, w.spares());
    assertEquals(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\nsearch blue.test\n", Files.readString(root.resolve("sb2/resolv.conf")));
    assertEquals(List.of("resolv.conf"), names(root.resolve("sb2")));
    assertEquals(sb1Content, Files.readString(held), "the old sandbox's file is never rewritten for another");
    assertNotEquals(Files.readAttributes(held, BasicFileAttributes.class).fileKey(),
        Files.readAttributes(root.resolve("sb2/resolv.conf"), BasicFileAttributes.class).fileKey());

    w.remove("sb2");
    w.close();
    assertEquals(List.of("held-by-a-process"), names(root), "close removes the spares and their directory");
  }

  @Test
  void aSpareWithSomeoneElsesFilesIsNeverUsed() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    w.write("sb1", settings);
    w.remove("sb1");
    Path spare;
    try (var s = Files.list(root.resolve(".crossnet-spare"))) {
      spare = s.findFirst().orElseThrow();
    }
    Files.writeString(spare.resolve("hosts"), "10.0.0.1 secret\n");
    w.write("sb2", settings);
    assertEquals(List.of("resolv.conf"), names(root.resolve("sb2")));
    assertEquals(0, w.spares());
    w.close();
    assertTrue(Files.exists(spare.resolve("hosts")), "what crossnet did not write stays");
  }

  @Test
  void aDirectoryWithOtherFilesIsNotMadeASpare() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    w.write("sb1", settings);
    Files.writeString(root.resolve("sb1/hosts"), "127.0.0.1 localhost\n");
    assertTrue(w.remove("sb1"));
    assertEquals(List.of("hosts"), names(root.resolve("sb1")));
    assertEquals(0, w.spares());
  }

  @Test
  void anotherInstanceAdoptsTheSparesACrashLeft() throws Exception {
    NetnsResolvConf crashed = new NetnsResolvConf(root);
    crashed.write("sb1", settings);
    crashed.remove("sb1"); // and never closed
    NetnsResolvConf w = new NetnsResolvConf(root);
    assertEquals(1, w.spares());
    w.write("sb2", settings);
    assertEquals(0, w.spares());
    w.close();
    assertEquals(List.of("sb2"), names(root));
  }

  private static List<String> names(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void namesAreCheckedStrictly() {
    NetnsResolvConf w = new NetnsResolvConf(root);
    for (String bad : new String[] {"", ".", "..", "../etc", "a/b", "/abs", ".hidden", "a b", "x\n", "a".repeat(65)}) {
      assertThrows(InvalidRequest.class, () -> w.write(bad, settings), bad);
      assertThrows(InvalidRequest.class, () -> w.remove(bad), bad);
    }
    assertThrows(InvalidRequest.class, () -> w.write(null, settings));
  }

  @Test
  void unsafeWordsNeverReachTheFile() throws Exception {
    NetnsResolvConf w = new NetnsResolvConf(root);
    assertThrows(InvalidRequest.class, () -> w.write("sb1", new DnsSettings(List.of("1.2.3.4\nsearch evil"), List.of(), List.of())));
    w.write("sb1", new DnsSettings(List.of("127.0.0.11"), List.of("ok.example", "bad\nnameserver 6.6.6.6"), List.of("x y")));
    assertEquals(NetnsResolvConf.MARKER + "\nnameserver 127.0.0.11\nsearch ok.example\n",
        Files.readString(root.resolve("sb1/resolv.conf")));
  }
}
