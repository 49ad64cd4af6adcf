package io.crossnet.core.store;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The embedded local store: one h2-mvstore file. A write runs under an exclusive lock and ends
 * in one MVStore commit, which is atomic across all maps; a failed write rolls back to the last
 * commit. Reads share the lock, so they never see half a write. Writes hold no OS work inside,
 * so the lock is held for microseconds.
 */
public final class MvStore implements Store {
  /**
   * Every this many writes, live pages of sparse chunks are moved into the next commit, so the
   * file and the per-commit chunk bookkeeping stay small (without it the file grows by tens of
   * kilobytes per write, forever). The cost is one larger commit in a hundred.
   */
  private static final int COMPACT_EVERY = 128;
  private static final int COMPACT_FILL_RATE = 75;
  private static final int COMPACT_BYTES = 256 * 1024;

  /** Bumped when the record layout changes in a way old code cannot read. */
  /** 2: adds the endpointNames and hostPorts indexes (built from the endpoints when a layout-1 file opens). */
  public static final int LAYOUT_VERSION = 2;

  private static final String META_LAYOUT = "layoutVersion";

  private final MVStore store;
  /** A second descriptor of the file, for fdatasync (MVStore's own sync is a full fsync). */
  private final FileChannel syncChannel;
  private final MVMap<String, String> meta;
  private final MVMap<String, byte[]> networks;
  private final MVMap<String, String> networkNames;
  private final MVMap<String, byte[]> endpoints; // key: networkId + "/" + endpointId
  private final MVMap<String, String> endpointNetworks; // endpointId -> networkId
  private final MVMap<String, String> attachments; // attachment key -> endpointId
  private final MVMap<String, String> endpointNames; // networkId/name -> endpointId
  private final MVMap<String, String> hostPorts; // protocol/port/hostIpKey -> endpointId
  private final MVMap<String, byte[]> allocators; // networkId + "/" + subnet
  private final RecordCodec codec = new RecordCodec();
  private final DecodedRecords<Network> decodedNetworks = new DecodedRecords<>(b -> codec.decode(b, Network.class));
  private final DecodedRecords<Endpoint> decodedEndpoints = new DecodedRecords<>(b -> codec.decode(b, Endpoint.class));
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final View view = new View();
  /** Keeps the version last synced to disk readable, see {@link #pinSynced}. */
  private MVStore.TxCounter synced;
  private long writes;

  private MvStore(MVStore store, FileChannel syncChannel) {
    this.store = store;
    this.syncChannel = syncChannel;
    meta = store.openMap("meta");
    networks = store.openMap("networks");
    networkNames = store.openMap("networkNames");
    endpoints = store.openMap("endpoints");
    endpointNetworks = store.openMap("endpointNetworks");
    attachments = store.openMap("attachments");
    endpointNames = store.openMap("endpointNames");
    hostPorts = store.openMap("hostPorts");
    allocators = store.openMap("allocators");
  }

  /** Opens (or creates) the store file {@code crossnet.mv.db} in {@code directory}. */
  public static MvStore open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + directory, e);
    }
    Path file = directory.resolve("crossnet.mv.db");
    MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    FileChannel sync;
    try {
      sync = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot open " + file + " for syncing", e);
    }
    MvStore st = new MvStore(s, sync);
    st.checkLayout();
    st.pinSynced();
    // space of dead chunks is reused at once instead of after 45 s; safe because the version
    // last fsync'd stays pinned (pinSynced), so nothing it needs is ever overwritten
    s.setRetentionTime(0);
    return st;
  }

  /**
   * fdatasync: flushes the data and what reading it back needs (the file's size), not the
   * modification time, which saves a journal commit per acknowledged write. The commit has
   * already written everything to the file (no background writer runs), and a sync through any
   * descriptor of a file covers all of its data.
   */
  private void syncData() {
    try {
      syncChannel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the store file", e);
    }
  }

  /**
   * Pins the current version after a sync. MVStore overwrites a dead chunk only when it died
   * before the oldest pinned version, so the chunks of the last durable version survive any
   * number of later, unsynced commits: a power cut after them still finds it intact.
   */
  private void pinSynced() {
    MVStore.TxCounter next = store.registerVersionUsage();
    if (synced != null) {
      store.deregisterVersionUsage(synced);
    }
    synced = next;
  }

  private void checkLayout() {
    String v = meta.get(META_LAYOUT);
    if (v == null) {
      meta.put(META_LAYOUT, Integer.toString(LAYOUT_VERSION));
      store.commit();
      store.sync();
    } else {
      int version;
      try {
        version = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        version = -1;
      }
      if (version < 1 || version > LAYOUT_VERSION) {
        store.close();
        throw new IllegalStateException("store layout '" + v + "' is " + (version > LAYOUT_VERSION ? "newer than" : "not one")
            + " this crossnet understands (layouts 1.." + LAYOUT_VERSION + ")");
      }
      if (version == 1) {
        upgradeFrom1();
      }
    }
  }

  /** Layout 1 had no endpointNames index; one transaction builds it and records layout 2. */
  private void upgradeFrom1() {
    for (byte[] b : endpoints.values()) {
      Endpoint e = codec.decode(b, Endpoint.class);
      if (e.name() != null) {
        endpointNames.put(nameKey(e.networkId(), e.name()), e.id());
      }
      for (var m : e.ports()) {
        for (int p = m.hostPort(); p <= m.hostPortEnd(); p++) {
          hostPorts.put(portKey(m.protocol(), p, m.hostIp() == null ? "*" : m.hostIp().toString()), e.id());
        }
      }
    }
    meta.put(META_LAYOUT, Integer.toString(LAYOUT_VERSION));
    store.commit();
    store.sync();
  }

  private static String portKey(String protocol, int port, String hostIpKey) {
    return portPrefix(protocol, port) + hostIpKey;
  }

  private static String portPrefix(String protocol, int port) {
    return protocol + "/" + port + "/";
  }

  private static String nameKey(String networkId, String name) {
    return networkId + "/" + name;
  }

  /** Chunks the file holds now; compaction keeps this small however many writes there were. */
  int chunkCount() {
    return (int) store.getLayoutMap().keySet().stream().filter(k -> k.startsWith("chunk.")).count();
  }

  public int layoutVersion() {
    return Integer.parseInt(meta.get(META_LAYOUT));
  }

  @Override
  public <T> T read(Function<StoreView, T> work) {
    lock.readLock().lock();
    try {
      return work.apply(view);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public <T> T write(Durability durability, Function<StoreTx, T> work) {
    lock.writeLock().lock();
    try {
      T result;
      try {
        result = work.apply(view);
      } catch (RuntimeException | Error e) {
        store.rollback();
        decodedNetworks.clear();
        decodedEndpoints.clear();
        throw e;
      }
      if (++writes % COMPACT_EVERY == 0) {
        store.compact(COMPACT_FILL_RATE, COMPACT_BYTES);
      }
      store.commit();
      if (durability == Durability.SYNC) {
        syncData();
        pinSynced();
      }
      return result;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!store.isClosed()) {
        if (synced != null) {
          store.deregisterVersionUsage(synced);
          synced = null;
        }
        store.close();
        try {
          syncChannel.close();
        } catch (IOException e) {
          // the store itself closed cleanly; a descriptor that fails to close holds nothing
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private final class View implements StoreTx {
    @Override
    public Optional<Network> network(String id) {
      byte[] b = networks.get(id);
      return b == null ? Optional.empty() : Optional.of(decodedNetworks.get(id, b));
    }

    @Override
    public Optional<Network> networkByName(String name) {
      String id = networkNames.get(name);
      return id == null ? Optional.empty() : network(id);
    }

    @Override
    public List<Network> networks() {
      List<Network> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : networks.entrySet()) {
        out.add(decodedNetworks.get(e.getKey(), e.getValue()));
      }
      return out;
    }

    @Override
    public Optional<Endpoint> endpoint(String id) {
      String net = endpointNetworks.get(id);
      if (net == null) {
        return Optional.empty();
      }
      String key = net + "/" + id;
      byte[] b = endpoints.get(key);
      return b == null ? Optional.empty() : Optional.of(decodedEndpoints.get(key, b));
    }

    @Override
    public List<Endpoint> endpoints(String networkId) {
      List<Endpoint> out = new ArrayList<>();
      String prefix = networkId + "/";
      Iterator<Map.Entry<String, byte[]>> it = entriesFrom(prefix);
      while (it.hasNext()) {
        Map.Entry<String, byte[]> e = it.next();
        if (!e.getKey().startsWith(prefix)) {
          break;
        }
        out.add(decodedEndpoints.get(e.getKey(), e.getValue()));
      }
      return out;
    }

    @Override
    public int endpointCount(String networkId) {
      String prefix = networkId + "/";
      int n = 0;
      Iterator<String> it = endpoints.keyIterator(prefix);
      while (it.hasNext() && it.next().startsWith(prefix)) {
        n++;
      }
      return n;
    }

    private Iterator<Map.Entry<String, byte[]>> entriesFrom(String from) {
      var cursor = endpoints.cursor(from);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public Map.Entry<String, byte[]> next() {
          String k = cursor.next();
          return Map.entry(k, cursor.getValue());
        }
      };
    }

    @Override
    public List<Endpoint> allEndpoints() {
      List<Endpoint> out = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : endpoints.entrySet()) {
        out.add(decodedEndpoints.get(e.getKey(), e.getValue()));
      }
      return out;
    }

    @Override
    public Optional<Endpoint> endpointByAttachment(String attachmentKey) {
      String id = attachments.get(attachmentKey);
      return id == null ? Optional.empty() : endpoint(id);
    }

    @Override
    public Map<String, String> hostPortHolders(String protocol, int port) {
      String prefix = portPrefix(protocol, port);
      Map<String, String> out = new java.util.TreeMap<>();
      Iterator<String> it = hostPorts.keyIterator(prefix);
      while (it.hasNext()) {
        String k = it.next();
        if (!k.startsWith(prefix)) {
          break;
        }
        out.put(k.substring(prefix.length()), hostPorts.get(k));
      }
      return out;
    }

    @Override
    public void bindHostPort(String protocol, int port, String hostIpKey, String endpointId) {
      hostPorts.put(portKey(protocol, port, hostIpKey), endpointId);
    }

    @Override
    public void unbindHostPort(String protocol, int port, String hostIpKey, String endpointId) {
      hostPorts.remove(portKey(protocol, port, hostIpKey), endpointId);
    }

    @Override
    public Optional<Endpoint> endpointByName(String networkId, String name) {
      String id = endpointNames.get(nameKey(networkId, name));
      return id == null ? Optional.empty() : endpoint(id);
    }

    @Override
    public Optional<byte[]> allocator(String networkId, String subnet) {
      return Optional.ofNullable(allocators.get(networkId + "/" + subnet));
    }

    @Override
    public void put(Network network) {
      byte[] raw = codec.encode(network);
      byte[] old = networks.put(network.id(), raw);
      Network prev = old == null ? null : decodedNetworks.get(network.id(), old);
      decodedNetworks.put(network.id(), raw, network);
      if (prev != null) {
        if (!prev.name().equals(network.name())) {
          networkNames.remove(prev.name());
        }
      }
      networkNames.put(network.name(), network.id());
    }

    @Override
    public void deleteNetwork(Network network) {
      networks.remove(network.id());
      decodedNetworks.forget(network.id());
      networkNames.remove(network.name(), network.id());
      String prefix = network.id() + "/";
      List<String> keys = new ArrayList<>();
      Iterator<String> it = allocators.keyIterator(prefix);
      while (it.hasNext()) {
        String k = it.next();
        if (!k.startsWith(prefix)) {
          break;
        }
        keys.add(k);
      }
      keys.forEach(allocators::remove);
    }

    /**
     * Writes the record and only the index entries that change: a state change (pending to
     * active) rewrites one map's pages instead of four, which is most of what a commit costs.
     */
    @Override
    public void put(Endpoint endpoint) {
      String key = endpoint.networkId() + "/" + endpoint.id();
      byte[] raw = codec.encode(endpoint);
      byte[] old = endpoints.put(key, raw);
      Endpoint prev = old == null ? null : decodedEndpoints.get(key, old);
      decodedEndpoints.put(key, raw, endpoint);
      if (prev == null) {
        endpointNetworks.put(endpoint.id(), endpoint.networkId());
      }
      if (prev == null || !prev.attachmentKey().equals(endpoint.attachmentKey())) {
        if (prev != null) {
          attachments.remove(prev.attachmentKey(), endpoint.id());
        }
        attachments.put(endpoint.attachmentKey(), endpoint.id());
      }
      if (prev == null || !java.util.Objects.equals(prev.name(), endpoint.name())) {
        if (prev != null && prev.name() != null) {
          endpointNames.remove(nameKey(endpoint.networkId(), prev.name()), endpoint.id());
        }
        if (endpoint.name() != null) {
          endpointNames.put(nameKey(endpoint.networkId(), endpoint.name()), endpoint.id());
        }
      }
    }

    @Override
    public void deleteEndpoint(Endpoint endpoint) {
      endpoints.remove(endpoint.networkId() + "/" + endpoint.id());
      decodedEndpoints.forget(endpoint.networkId() + "/" + endpoint.id());
      endpointNetworks.remove(endpoint.id());
      attachments.remove(endpoint.attachmentKey(), endpoint.id());
      if (endpoint.name() != null) {
        endpointNames.remove(nameKey(endpoint.networkId(), endpoint.name()), endpoint.id());
      }
    }

    @Override
    public void putAllocator(String networkId, String subnet, byte[] state) {
      allocators.put(networkId + "/" + subnet, state);
    }
  }
}
