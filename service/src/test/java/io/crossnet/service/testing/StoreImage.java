package io.crossnet.service.testing;

import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.Subnet;
import io.crossnet.core.store.MvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A copy of the service's store file, read with the store's own code while the service is dead
 * (the crash image it will recover from) or idle, and checked: records, indexes and IPAM agree.
 * The copy is what the service would find after a crash at that moment, so reading it cannot
 * disturb the recovery under test.
 */
public final class StoreImage {
  private final List<Network> networks;
  private final List<Endpoint> endpoints;
  private final List<String> problems = new ArrayList<>();

  private StoreImage(List<Network> networks, List<Endpoint> endpoints) {
    this.networks = networks;
    this.endpoints = endpoints;
  }

  /** Copies {@code dataDir}'s store file under {@code scratch} and reads the copy. */
  public static StoreImage read(Path dataDir, Path scratch) {
    Path copy;
    try {
      copy = Files.createTempDirectory(scratch, "image");
      Files.copy(dataDir.resolve("crossnet.mv.db"), copy.resolve("crossnet.mv.db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Map<String, Map<String, String>> indexes = new TreeMap<>();
      Set<String> allocatorKeys = new HashSet<>();
      MVStore raw = new MVStore.Builder().fileName(copy.resolve("crossnet.mv.db").toString()).readOnly().open();
      try {
        for (String name : List.of("networkNames", "endpointNetworks", "attachments", "endpointNames")) {
          MVMap<String, String> m = raw.openMap(name);
          indexes.put(name, new TreeMap<>(m));
        }
        MVMap<String, byte[]> allocators = raw.openMap("allocators");
        allocatorKeys.addAll(allocators.keySet());
      } finally {
        raw.close();
      }
      try (MvStore store = MvStore.open(copy)) {
        StoreImage image = store.read(v -> new StoreImage(v.networks(), v.allEndpoints()));
        image.check(store, indexes, allocatorKeys);
        return image;
      }
    } finally {
      deleteTree(copy);
    }
  }

  public List<Network> networks() {
    return networks;
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** What is wrong in the image; empty when records, indexes and allocations agree. */
  public List<String> problems() {
    return problems;
  }

  /** Records not ACTIVE: what the next start-up must finish or roll back (none once it has). */
  public List<String> unsettled() {
    List<String> out = new ArrayList<>();
    networks.stream().filter(n -> n.state() != LifecycleState.ACTIVE).forEach(n -> out.add("network " + n.name() + " " + n.state()));
    endpoints.stream().filter(e -> e.state() != LifecycleState.ACTIVE).forEach(e -> out.add("endpoint " + e.shortId() + " " + e.state()));
    return out;
  }

  private void check(MvStore store, Map<String, Map<String, String>> indexes, Set<String> allocatorKeys) {
    Map<String, Network> byId = new HashMap<>();
    networks.forEach(n -> byId.put(n.id(), n));
    Map<String, Endpoint> epById = new HashMap<>();
    endpoints.forEach(e -> epById.put(e.id(), e));
    Map<String, String> holder = new HashMap<>(); // network/address -> endpoint
    for (Endpoint e : endpoints) {
      Network n = byId.get(e.networkId());
      if (n == null) {
        problems.add("endpoint " + e.id() + " belongs to no recorded network " + e.networkId());
        continue;
      }
      for (IpPrefix a : new IpPrefix[] {e.ipv4(), e.ipv6()}) {
        if (a == null) {
          continue;
        }
        String other = holder.putIfAbsent(n.id() + "/" + a.address(), e.id());
        if (other != null) {
          problems.add("address " + a + " is recorded for endpoints " + other + " and " + e.id());
        }
        if (n.subnets().stream().noneMatch(s -> s.subnet().contains(a.address()))) {
          problems.add("endpoint " + e.id() + " has " + a + ", outside network " + n.name() + "'s subnets");
        }
        if (n.subnets().stream().anyMatch(s -> a.address().equals(s.gateway()))) {
          problems.add("endpoint " + e.id() + " has the gateway address " + a);
        }
      }
    }
    // every allocated address is a reserved one or a recorded endpoint's: nothing allocated to no one
    for (Network n : networks) {
      for (Subnet s : n.subnets()) {
        String key = n.id() + "/" + s.subnet();
        byte[] state = store.read(v -> v.allocator(n.id(), s.subnet().toString())).orElse(null);
        if (state == null) {
          problems.add("network " + n.name() + " has no allocator for " + s.subnet());
          continue;
        }
        SubnetAllocator a = SubnetAllocator.decode(s, state);
        long holders = endpoints.stream().filter(e -> e.networkId().equals(n.id()))
            .flatMap(e -> java.util.stream.Stream.of(e.ipv4(), e.ipv6()))
            .filter(p -> p != null && s.subnet().contains(p.address()))
            .peek(p -> {
              if (!a.isAllocated(p.address())) {
                problems.add("address " + p + " of an endpoint on " + n.name() + " is free in the allocator (could be given twice)");
              }
            })
            .count();
        long reserved = 1 + s.auxAddresses().size();
        if (a.allocatedCount() != reserved + holders) {
          problems.add("subnet " + s.subnet() + " of " + n.name() + ": " + a.allocatedCount() + " addresses allocated, but "
              + holders + " endpoints hold one and " + reserved + " are reserved");
        }
        allocatorKeys.remove(key);
      }
    }
    allocatorKeys.forEach(k -> problems.add("allocator " + k + " belongs to no recorded network"));
    // the indexes follow the records
    indexes.get("networkNames").forEach((name, id) -> {
      if (byId.get(id) == null || !byId.get(id).name().equals(name)) {
        problems.add("name index: " + name + " -> " + id + " has no such network");
      }
    });
    networks.forEach(n -> {
      if (!n.id().equals(indexes.get("networkNames").get(n.name()))) {
        problems.add("network " + n.name() + " is missing from the name index");
      }
    });
    if (!indexes.get("endpointNetworks").keySet().equals(epById.keySet())) {
      problems.add("endpoint index " + indexes.get("endpointNetworks").keySet() + " differs from the endpoints " + epById.keySet());
    }
    indexes.get("attachments").forEach((key, id) -> {
      Endpoint e = epById.get(id);
      if (e == null || !e.attachmentKey().equals(key)) {
        problems.add("attachment index: " + key + " -> " + id + " has no such endpoint");
      }
    });
    endpoints.forEach(e -> {
      if (!e.id().equals(indexes.get("attachments").get(e.attachmentKey()))) {
        problems.add("endpoint " + e.id() + " is missing from the attachment index");
      }
    });
    indexes.get("endpointNames").forEach((key, id) -> {
      if (!epById.containsKey(id)) {
        problems.add("endpoint name index: " + key + " -> " + id + " has no such endpoint");
      }
    });
  }

  private static void deleteTree(Path p) {
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover copy under the test's temporary directory goes with it
    }
  }
}
