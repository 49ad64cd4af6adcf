package io.crossnet.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A program spawned inside {@link NetNs#run} runs in that namespace, and no thread of this
 * process is left there afterwards (the reason {@link Spawn} exists instead of ProcessBuilder).
 */
@Privileged
class SpawnInNetnsTest {

  @Test
  void theChildIsBornInTheTasksNamespaceAndNoThreadStaysThere() throws IOException {
    try (TestNetns ns = TestNetns.create("cn-spawn")) {
      String inode = ns.sh("readlink", "/proc/self/ns/net").trim();
      String own = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
      assertNotEquals(own, inode);
      for (int i = 0; i < 20; i++) {
        Spawn.Result r = NetNs.at(ns.path()).run(() ->
            Spawn.run("/usr/bin/readlink", List.of("readlink", "/proc/self/ns/net"), List.of(), new byte[0], 10_000));
        assertEquals(inode, r.stdout().trim(), "the child's namespace");
      }
      assertEquals(List.of(), threadsIn(inode), "threads of this JVM still in " + ns.name());
    }
  }

  private static List<String> threadsIn(String inode) throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          if (Files.readSymbolicLink(t.resolve("ns/net")).toString().equals(inode)) {
            out.add(t.getFileName() + " " + Files.readString(t.resolve("comm")).trim());
          }
        } catch (IOException gone) {
          // the thread ended while we looked
        }
      }
    }
    return out;
  }
}
