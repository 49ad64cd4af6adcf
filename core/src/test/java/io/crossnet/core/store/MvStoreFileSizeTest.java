package io.crossnet.core.store;

import static io.crossnet.core.store.StoreFixtures.endpoint;
import static io.crossnet.core.store.StoreFixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-running service writes the store thousands of times; the file must not grow with the
 * number of writes, only with what is live. (Before compaction and chunk reuse, every write
 * added about 50 KB and a chunk that stayed: 3,000 writes left some 150 MB in 3,000 chunks.)
 */
class MvStoreFileSizeTest {
  private static final int LIVE = 100;
  private static final int CYCLES = 1_000;

  @TempDir
  Path dir;

  @Test
  void attachDetachChurnKeepsTheFileSmallAndEveryLiveRecordReadable() throws Exception {
    Network n = network("churn", "10.9.0.0/16", "fd00:9::/64");
    Deque<Endpoint> live = new ArrayDeque<>();
    try (MvStore s = MvStore.open(dir)) {
      s.write(Durability.SYNC, tx -> {
        tx.put(n);
        return null;
      });
      for (int i = 0; i < CYCLES; i++) {
        // the writes of one attach: intent, commit; and of one detach once enough are live
        Endpoint e = endpoint(n, "/run/netns/c" + i, "eth0", 2 + i % 60_000);
        s.write(Durability.ASYNC, tx -> {
          tx.put(e);
          tx.putAllocator(n.id(), "10.9.0.0/16", new byte[] {(byte) e.hashCode()});
          return null;
        });
        s.write(Durability.SYNC, tx -> {
          tx.put(e.withState(LifecycleState.ACTIVE));
          return null;
        });
        live.add(e);
        if (live.size() > LIVE) {
          Endpoint gone = live.removeFirst();
          s.write(Durability.SYNC, tx -> {
            tx.deleteEndpoint(gone);
            return null;
          });
        }
      }
      long bytes = Files.size(dir.resolve("crossnet.mv.db"));
      assertTrue(bytes < 4L << 20, "store file is " + bytes + " bytes after " + 3 * CYCLES + " writes");
      assertTrue(s.chunkCount() < 200, "store file holds " + s.chunkCount() + " chunks");
    }
    Set<String> expected = live.stream().map(Endpoint::id).collect(Collectors.toSet());
    try (MvStore s = MvStore.open(dir)) {
      Set<String> found = s.read(v -> v.endpoints(n.id()).stream()
          .peek(e -> assertEquals(LifecycleState.ACTIVE, e.state()))
          .map(Endpoint::id)
          .collect(Collectors.toCollection(HashSet::new)));
      assertEquals(expected, found);
    }
  }
}
