package io.crossnet.linux.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.NotFound;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@Privileged
class NetNsTest {

  private static Object inode(Path p) {
    try {
      return Files.getAttribute(p, "unix:ino");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The task's thread, as /proc/PID/task/TID, so its namespace can be read after the task. */
  private static Path thisThread() throws IOException {
    return Path.of("/proc").resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")));
  }

  @Test
  void tasksRunInsideAndTheirThreadsComeBack() throws Exception {
    Object home = inode(Path.of("/proc/self/ns/net"));
    try (TestNetns a = TestNetns.create("nsa"); TestNetns b = TestNetns.create("nsb")) {
      for (int i = 0; i < 50; i++) {
        TestNetns ns = i % 2 == 0 ? a : b;
        Path[] thread = new Path[1];
        Object inside = NetNs.at(ns.path()).run(() -> {
          thread[0] = thisThread();
          return inode(Path.of("/proc/thread-self/ns/net"));
        });
        assertEquals(inode(Path.of(ns.path())), inside, "the task ran inside " + ns.name());
        if (Files.exists(thread[0])) {
          assertEquals(home, inode(thread[0].resolve("ns/net")), "the worker went back to the process's namespace");
        }
      }
    }
  }

  @Test
  void aFailedTaskReportsItsFailureAndLeavesNoThreadInside() throws Exception {
    Object home = inode(Path.of("/proc/self/ns/net"));
    try (TestNetns a = TestNetns.create("nsf")) {
      Path[] thread = new Path[1];
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> NetNs.at(a.path()).run(() -> {
        thread[0] = thisThread();
        throw new IllegalStateException("boom");
      }));
      assertEquals("boom", e.getMessage());
      if (Files.exists(thread[0])) {
        assertEquals(home, inode(thread[0].resolve("ns/net")));
      }
      assertEquals(inode(Path.of(a.path())), NetNs.at(a.path()).run(() -> inode(Path.of("/proc/thread-self/ns/net"))));
    }
  }

  @Test
  void manyAtOnceEachRunWhereAsked() throws Exception {
    List<TestNetns> all = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(24);
    try {
      for (int i = 0; i < 24; i++) {
        all.add(TestNetns.create("nsm"));
      }
      List<Future<Boolean>> results = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (TestNetns ns : all) {
          results.add(callers.submit(() -> inode(Path.of(ns.path()))
              .equals(NetNs.at(ns.path()).run(() -> inode(Path.of("/proc/thread-self/ns/net"))))));
        }
      }
      for (Future<Boolean> r : results) {
        assertEquals(true, r.get());
      }
    } finally {
      callers.shutdownNow();
      for (TestNetns ns : all) {
        ns.close();
      }
    }
  }

  @Test
  void aSubmittedTaskRunsInsideWhileTheCallerGoesOnAndFailsAtJoin() throws Exception {
    Object home = inode(Path.of("/proc/self/ns/net"));
    try (TestNetns a = TestNetns.create("nss")) {
      NetNs ns = NetNs.at(a.path());
      java.util.concurrent.CountDownLatch callerWent = new java.util.concurrent.CountDownLatch(1);
      var inside = ns.submit(() -> {
        // the caller reaches its countDown only if submit did not wait for this task
        callerWent.await();
        return inode(Path.of("/proc/thread-self/ns/net"));
      });
      assertEquals(home, inode(Path.of("/proc/thread-self/ns/net")), "the caller stays home");
      callerWent.countDown();
      assertEquals(inode(Path.of(a.path())), ns.join(inside));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> ns.join(ns.submit(() -> {
        throw new IllegalStateException("late boom");
      })));
      assertEquals("late boom", e.getMessage());
    }
  }

  @Test
  void missingPathsAndOtherFilesAreRefused() {
    assertThrows(NotFound.class, () -> NetNs.at("/var/run/netns/cn-no-such-" + System.nanoTime()).run(() -> 1));
    BackendFailure e = assertThrows(BackendFailure.class, () -> NetNs.at("/proc/self/ns/uts").run(() -> 1));
    assertEquals("EINVAL", e.code());
  }
}
