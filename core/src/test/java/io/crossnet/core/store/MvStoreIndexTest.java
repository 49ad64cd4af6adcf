package io.crossnet.core.store;

import static io.crossnet.core.store.StoreFixtures.endpoint;
import static io.crossnet.core.store.StoreFixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name and attachment indexes follow the records they point at. */
class MvStoreIndexTest {
  @TempDir
  Path dir;
  MvStore store;

  @BeforeEach
  void open() {
    store = MvStore.open(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void write(java.util.function.Consumer<StoreTx> work) {
    store.write(Durability.SYNC, tx -> {
      work.accept(tx);
      return null;
    });
  }

  @Test
  void renamingANetworkMovesItsNameIndexEntry() {
    Network n = network("old", "10.1.0.0/24", "fd00:1::/64");
    write(tx -> tx.put(n));
    Network renamed = new Network(n.id(), "new", n.type(), n.scope(), n.internal(), n.subnets(), n.options(), n.labels(),
        n.createdAt(), n.state(), n.objects());
    write(tx -> tx.put(renamed));
    assertEquals(Optional.empty(), store.read(v -> v.networkByName("old")));
    assertEquals(Optional.of(renamed), store.read(v -> v.networkByName("new")));
  }

  @Test
  void deletingANetworkRemovesItsNameAndAllocatorsButNotOthers() {
    Network a = network("a", "10.1.0.0/24", "fd00:1::/64");
    Network b = network("b", "10.2.0.0/24", "fd00:2::/64");
    write(tx -> {
      tx.put(a);
      tx.put(b);
      tx.putAllocator(a.id(), "10.1.0.0/24", new byte[] {1});
      tx.putAllocator(a.id(), "fd00:1::/64", new byte[] {2});
      tx.putAllocator(b.id(), "10.2.0.0/24", new byte[] {3});
    });
    write(tx -> tx.deleteNetwork(a));
    store.read(v -> {
      assertTrue(v.network(a.id()).isEmpty());
      assertTrue(v.networkByName("a").isEmpty());
      assertTrue(v.allocator(a.id(), "10.1.0.0/24").isEmpty());
      assertTrue(v.allocator(a.id(), "fd00:1::/64").isEmpty());
      assertTrue(v.allocator(b.id(), "10.2.0.0/24").isPresent());
      assertEquals(Optional.of(b), v.networkByName("b"));
      return null;
    });
  }

  @Test
  void deletingAnEndpointRemovesItFromEveryIndex() {
    Network n = network("n", "10.1.0.0/24", "fd00:1::/64");
    Endpoint e = endpoint(n, "/run/netns/x", "eth0", 5);
    Endpoint keep = endpoint(n, "/run/netns/y", "eth0", 6);
    write(tx -> {
      tx.put(n);
      tx.put(e);
      tx.put(keep);
    });
    write(tx -> tx.deleteEndpoint(e));
    store.read(v -> {
      assertTrue(v.endpoint(e.id()).isEmpty());
      assertTrue(v.endpointByAttachment(e.attachmentKey()).isEmpty());
      assertTrue(v.endpointByName(n.id(), e.name()).isEmpty());
      assertEquals(Optional.of(keep), v.endpointByName(n.id(), keep.name()));
      assertEquals(List.of(keep), v.endpoints(n.id()));
      assertEquals(1, v.endpointCount(n.id()));
      assertEquals(Optional.of(keep), v.endpointByAttachment(keep.attachmentKey()));
      return null;
    });
  }

  @Test
  void endpointsOfANetworkDoNotIncludeThoseOfAnIdWithTheSamePrefix() {
    Network n = network("n", "10.1.0.0/24", "fd00:1::/64");
    Network longer = new Network(n.id() + "0", "m", n.type(), n.scope(), n.internal(), n.subnets(), n.options(),
        n.labels(), n.createdAt(), n.state(), n.objects());
    Endpoint e = endpoint(longer, "/run/netns/x", "eth0", 5);
    write(tx -> {
      tx.put(n);
      tx.put(longer);
      tx.put(e);
    });
    assertEquals(0, (int) store.read(v -> v.endpointCount(n.id())));
    assertEquals(List.of(), store.read(v -> v.endpoints(n.id())));
  }

  @Test
  void updatingAnEndpointReplacesTheRecord() {
    Network n = network("n", "10.1.0.0/24", "fd00:1::/64");
    Endpoint e = endpoint(n, "/run/netns/x", "eth0", 5);
    write(tx -> {
      tx.put(n);
      tx.put(e);
    });
    Endpoint active = e.withState(io.crossnet.core.model.LifecycleState.ACTIVE);
    write(tx -> tx.put(active));
    assertEquals(List.of(active), store.read(v -> v.allEndpoints()));
  }

  @Test
  void endpointNamesAreLookedUpPerNetwork() {
    Network a = network("a", "10.1.0.0/24", "fd00:1::/64");
    Network b = network("b", "10.2.0.0/24", "fd00:2::/64");
    Endpoint inA = endpoint(a, "/run/netns/x", "eth0", 5);
    write(tx -> {
      tx.put(a);
      tx.put(b);
      tx.put(inA);
    });
    assertEquals(Optional.of(inA), store.read(v -> v.endpointByName(a.id(), inA.name())));
    assertEquals(Optional.empty(), store.read(v -> v.endpointByName(b.id(), inA.name())));
  }
}
