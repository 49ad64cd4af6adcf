package io.crossnet.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store.Durability;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MvStoreLayoutVersionTest {
  @TempDir
  Path dir;

  private String file() {
    return dir.resolve("crossnet.mv.db").toString();
  }

  private void setLayout(String value) {
    MVStore raw = new MVStore.Builder().fileName(file()).open();
    MVMap<String, String> meta = raw.openMap("meta");
    meta.put("layoutVersion", value);
    raw.commit();
    raw.close();
  }

  private String rawLayout() {
    MVStore raw = new MVStore.Builder().fileName(file()).readOnly().open();
    try {
      MVMap<String, String> meta = raw.openMap("meta");
      return meta.get("layoutVersion");
    } finally {
      raw.close();
    }
  }

  @Test
  void aNewStoreRecordsTheCurrentLayoutInTheMetaMap() {
    try (MvStore s = MvStore.open(dir)) {
      assertEquals(MvStore.LAYOUT_VERSION, s.layoutVersion());
    }
    assertEquals(Integer.toString(MvStore.LAYOUT_VERSION), rawLayout());
  }

  @Test
  void reopeningKeepsTheLayout() {
    MvStore.open(dir).close();
    try (MvStore s = MvStore.open(dir)) {
      assertEquals(MvStore.LAYOUT_VERSION, s.layoutVersion());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "999", "0", "-1", "abc", ""})
  void aFileWithAnUnknownLayoutIsRefusedClearlyAndLeftUnlocked(String version) {
    MvStore.open(dir).close();
    setLayout(version);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> MvStore.open(dir));
    assertTrue(e.getMessage().contains("layout"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + version + "'") || e.getMessage().contains(" " + version + " "), e.getMessage());
    // the refusal closed the file: it can be opened again (it would be locked otherwise)
    assertEquals(version, rawLayout());
  }

  @Test
  void aLayout1FileGainsTheEndpointNameIndexOnOpen() {
    Network n = StoreFixtures.network("n", "10.1.0.0/24", "fd00:1::/64");
    Endpoint e = StoreFixtures.endpoint(n, "/run/netns/x", "eth0", 5);
    try (MvStore s = MvStore.open(dir)) {
      s.write(Durability.SYNC, tx -> {
        tx.put(n);
        tx.put(e);
        return null;
      });
    }
    // what a layout-1 file looks like: no endpointNames map
    MVStore raw = new MVStore.Builder().fileName(file()).open();
    raw.removeMap("endpointNames");
    raw.openMap("meta").put("layoutVersion", "1");
    raw.commit();
    raw.close();

    try (MvStore s = MvStore.open(dir)) {
      assertEquals(MvStore.LAYOUT_VERSION, s.layoutVersion());
      assertEquals(Optional.of(e), s.read(v -> v.endpointByName(n.id(), e.name())));
    }
  }
}
