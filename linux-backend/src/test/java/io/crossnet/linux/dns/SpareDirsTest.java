package io.crossnet.linux.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareDirsTest {
  @TempDir
  Path root;

  @Test
  void thePoolHoldsAtMostMaxAndCountsWhatItHandsOut() throws Exception {
    try (SpareDirs pool = new SpareDirs(root, "resolv.conf", "# spare\n")) {
      for (int i = 0; i <= SpareDirs.MAX; i++) {
        Path dir = Files.createDirectory(root.resolve("sb" + i));
        assertEquals(i < SpareDirs.MAX, pool.keep(dir), "directory " + i);
      }
      assertEquals(SpareDirs.MAX, pool.size());
      assertTrue(Files.isDirectory(root.resolve("sb" + SpareDirs.MAX)), "the one over the limit is left to the caller");

      assertTrue(pool.fill(root.resolve("new"), "nameserver 127.0.0.11\n"));
      assertEquals("nameserver 127.0.0.11\n", Files.readString(root.resolve("new/resolv.conf")));
      assertEquals(SpareDirs.MAX - 1, pool.size());

      // a taken name puts the spare back, counted again
      assertFalse(pool.fill(root.resolve("new"), "nameserver 127.0.0.12\n"));
      assertEquals(SpareDirs.MAX - 1, pool.size());
      assertTrue(pool.keep(Files.createDirectory(root.resolve("again"))));
      assertEquals(SpareDirs.MAX, pool.size());
    }
    try (SpareDirs adopted = new SpareDirs(root, "resolv.conf", "# spare\n")) {
      assertEquals(0, adopted.size(), "close removed every spare");
    }
  }
}
