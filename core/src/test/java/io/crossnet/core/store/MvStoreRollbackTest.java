package io.crossnet.core.store;

import static io.crossnet.core.store.StoreFixtures.endpoint;
import static io.crossnet.core.store.StoreFixtures.network;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreRollbackTest {
  @TempDir
  Path dir;

  @Test
  void aWriteThatThrowsLeavesNothing() {
    Network kept = network("kept", "10.1.0.0/24", "fd00:1::/64");
    Network lost = network("lost", "10.2.0.0/24", "fd00:2::/64");
    RuntimeException boom = new IllegalStateException("boom");
    try (MvStore s = MvStore.open(dir)) {
      s.write(Durability.SYNC, tx -> {
        tx.put(kept);
        tx.putAllocator(kept.id(), "10.1.0.0/24", new byte[] {1});
        return null;
      });
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> s.write(Durability.SYNC, tx -> {
        tx.put(lost);
        tx.put(endpoint(lost, "/run/netns/x", "eth0", 5));
        tx.putAllocator(kept.id(), "10.1.0.0/24", new byte[] {2});
        tx.deleteNetwork(kept);
        throw boom;
      }));
      assertSame(boom, thrown);
      assertState(s, kept);
      // the store still works after a rollback
      s.write(Durability.SYNC, tx -> {
        tx.putAllocator(kept.id(), "10.1.0.0/24", new byte[] {3});
        return null;
      });
      assertArrayEquals(new byte[] {3}, s.read(v -> v.allocator(kept.id(), "10.1.0.0/24")).orElseThrow());
    }
    try (MvStore s = MvStore.open(dir)) {
      assertTrue(s.read(v -> v.networkByName("lost")).isEmpty());
      assertEquals(List.of(kept), s.read(v -> v.networks()));
    }
  }

  @Test
  void anErrorRollsBackToo() {
    Network lost = network("lost", "10.2.0.0/24", "fd00:2::/64");
    try (MvStore s = MvStore.open(dir)) {
      assertThrows(AssertionError.class, () -> s.write(Durability.ASYNC, tx -> {
        tx.put(lost);
        throw new AssertionError("fail");
      }));
      assertTrue(s.read(v -> v.networks()).isEmpty());
      assertTrue(s.read(v -> v.networkByName("lost")).isEmpty());
    }
  }

  private static void assertState(MvStore s, Network kept) {
    s.read(v -> {
      assertEquals(List.of(kept), v.networks());
      assertEquals(Optional.of(kept), v.networkByName("kept"));
      assertTrue(v.networkByName("lost").isEmpty());
      assertTrue(v.allEndpoints().isEmpty());
      assertArrayEquals(new byte[] {1}, v.allocator(kept.id(), "10.1.0.0/24").orElseThrow());
      return null;
    });
  }
}
