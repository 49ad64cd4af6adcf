package io.crossnet.core.store;

import static io.crossnet.core.store.StoreFixtures.endpoint;
import static io.crossnet.core.store.StoreFixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of an unchanged record are the record itself (no JSON parsed again); any change, rollback or delete shows at once. */
class MvStoreDecodeCacheTest {
  @TempDir
  Path dir;

  @Test
  void anUnchangedRecordIsNotParsedAgainAndAChangedOneIsNeverStale() {
    Network n = network("cache", "10.4.0.0/24", "fd00:4::/64");
    Endpoint e = endpoint(n, "/run/netns/c", "eth0", 5);
    try (MvStore s = MvStore.open(dir)) {
      s.write(Durability.SYNC, tx -> {
        tx.put(n);
        tx.put(e);
        return null;
      });
      Network first = s.read(v -> v.network(n.id())).orElseThrow();
      assertSame(first, s.read(v -> v.network(n.id())).orElseThrow());
      assertSame(s.read(v -> v.endpoint(e.id())).orElseThrow(), s.read(v -> v.endpoint(e.id())).orElseThrow());

      Endpoint active = e.withState(LifecycleState.ACTIVE);
      s.write(Durability.SYNC, tx -> {
        tx.put(active);
        return null;
      });
      assertEquals(active, s.read(v -> v.endpoint(e.id())).orElseThrow());

      assertThrows(IllegalStateException.class, () -> s.write(Durability.SYNC, tx -> {
        tx.deleteEndpoint(active);
        throw new IllegalStateException("rolled back");
      }));
      assertEquals(Optional.of(active), s.read(v -> v.endpoint(e.id())));

      s.write(Durability.SYNC, tx -> {
        tx.deleteEndpoint(active);
        return null;
      });
      assertEquals(Optional.empty(), s.read(v -> v.endpoint(e.id())));
    }
    try (MvStore s = MvStore.open(dir)) {
      Network reread = s.read(v -> v.network(n.id())).orElseThrow();
      assertEquals(n, reread);
      assertNotSame(n, reread);
    }
  }
}
