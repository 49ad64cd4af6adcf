package io.crossnet.linux.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.BackendFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** {@link Spawn} against ordinary programs: pipes both ways, exit codes, environment, descriptors, deadline. */
class SpawnTest {
  private static final List<String> ENV = List.of("PATH=/usr/bin:/bin", "LC_ALL=C");

  @Test
  void stdinReachesTheProgramAndStdoutComesBack() {
    Spawn.Result r = Spawn.run("/bin/cat", List.of("cat"), ENV, "hello\n".getBytes(StandardCharsets.UTF_8), 10_000);
    assertEquals(new Spawn.Result(0, "hello\n", ""), r);
  }

  @Test
  void megabytesBothWaysDoNotDeadlock() {
    // more than a pipe holds, in and out at once: cat writes while it is still being fed
    byte[] big = new byte[3 << 20];
    ThreadLocalRandom.current().nextBytes(big);
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + (big[i] & 15));
    }
    Spawn.Result r = Spawn.run("/bin/cat", List.of("cat"), ENV, big, 60_000);
    assertArrayEquals(big, r.stdout().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void exitCodeAndStderrAreReported() {
    Spawn.Result r = Spawn.run("/bin/sh", List.of("sh", "-c", "echo broken >&2; exit 3"), ENV, new byte[0], 10_000);
    assertEquals(3, r.exit());
    assertEquals("broken\n", r.stderr());
  }

  @Test
  void argvIsPassedAsIsWithoutAShell() {
    Spawn.Result r = Spawn.run("/bin/echo", List.of("echo", "a; rm -rf /", "$HOME", "*"), ENV, new byte[0], 10_000);
    assertEquals("a; rm -rf / $HOME *\n", r.stdout());
  }

  @Test
  void theEnvironmentIsExactlyTheGivenOne() {
    Spawn.Result r = Spawn.run("/usr/bin/env", List.of("env"), List.of("ONLY=this"), new byte[0], 10_000);
    assertEquals("ONLY=this\n", r.stdout());
  }

  @Test
  void theChildGetsOnlyItsThreePipes() {
    // ls opens the directory it lists as its fourth descriptor
    Spawn.Result r = Spawn.run("/bin/ls", List.of("ls", "/proc/self/fd"), ENV, new byte[0], 10_000);
    assertEquals(Set.of("0", "1", "2", "3"), Set.copyOf(List.of(r.stdout().trim().split("\\s+"))), r.stdout());
  }

  @Test
  void aProgramPastTheDeadlineIsKilled() {
    BackendFailure f = assertThrows(BackendFailure.class,
        () -> Spawn.run("/bin/sleep", List.of("sleep", "30"), ENV, new byte[0], 300));
    assertEquals("ETIMEDOUT", f.code());
  }

  @Test
  void aMissingProgramIsAClearFailure() {
    BackendFailure f = assertThrows(BackendFailure.class,
        () -> Spawn.run("/nonexistent/iptables-restore", List.of("iptables-restore"), ENV, new byte[0], 10_000));
    assertEquals("ENOENT", f.code());
    assertTrue(f.getMessage().contains("/nonexistent/iptables-restore"), f.getMessage());
  }

  @Test
  void aProgramThatStopsReadingEarlyIsNoHang() {
    byte[] big = new byte[1 << 20];
    Spawn.Result r = Spawn.run("/bin/sh", List.of("sh", "-c", "exit 4"), ENV, big, 10_000);
    assertEquals(4, r.exit());
  }
}
