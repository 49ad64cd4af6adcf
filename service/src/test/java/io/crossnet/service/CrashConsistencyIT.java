package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.CrashClient;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.KernelWitness;
import io.crossnet.service.testing.KernelWitness.Ep;
import io.crossnet.service.testing.KernelWitness.Net;
import io.crossnet.service.testing.NsSockets;
import io.crossnet.service.testing.ServiceProcess;
import io.crossnet.service.testing.StoreImage;
import io.crossnet.service.testing.UnixHttp;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: the packaged service, driven by four clients (each creating and deleting
 * its own two networks and attaching and detaching its own two sandboxes), is killed with
 * SIGKILL at random moments, at least {@value #DEFAULT_KILLS} times, mostly in the middle of
 * requests and sometimes during its own start-up reconcile, and restarted on the same data.
 *
 * <p>After every kill, the store file as the crash left it (a copy) must be consistent: records,
 * indexes and allocations agree, whatever was half done. After every restart, once the request
 * each client lost has been retried (and answered as a retry must be): the service lists exactly
 * what was acknowledged, all of it active; the store at rest allocates exactly the listed
 * endpoints' addresses, each once; the host namespace and every sandbox hold exactly the links,
 * addresses, routes and nft elements of the records, nothing marked without one; and every
 * endpoint exchanges TCP with its gateway, every network's endpoints with each other, and one
 * sampled sandbox reaches the world through masquerade. Traffic is checked in full each time: it
 * costs milliseconds, the restart seconds.
 *
 * <p>The service starts with C1 only and a class-data archive made by a first run: start-up is
 * most of this test's time, and neither changes what the service does. {@code CROSSNET_CRASH_KILLS}
 * and {@code CROSSNET_CRASH_SEED} change the number of kills and replay a run.
 */
@Privileged
class CrashConsistencyIT {
  static final int DEFAULT_KILLS = 100;
  private static final int CLIENTS = 4;
  private static final int SANDBOXES_PER_CLIENT = 2;
  private static final int GATEWAY_PORT = 7301;
  private static final int PEER_PORT = 7302;
  private static final int WORLD_PORT = 7303;

  @TempDir
  Path dir;

  private HostTopology topo;
  private ServiceProcess service;
  private UnixHttp http;
  private KernelWitness witness;
  private final List<TestNetns> sandboxes = new ArrayList<>();
  private final List<CrashClient> clients = new ArrayList<>();
  private Random rnd;

  // what the run did, for the summary
  private int burstKills;
  private int startupKills;
  private int restarts;
  private int imagesWithWorkLeft;
  private int checks;
  private int exchanges;
  private long readyMillisTotal;
  private long burstMillis;
  private long checkMillis;
  /** Starts whose start-up reconcile finished, rolled back, repaired or removed something (from its log line). */
  private final Map<String, Integer> startUpWork = new TreeMap<>();

  @Test
  void everyAcknowledgedChangeSurvivesSigkillAndNothingIsLeaked() throws Exception {
    int kills = Integer.parseInt(System.getenv().getOrDefault("CROSSNET_CRASH_KILLS", Integer.toString(DEFAULT_KILLS)));
    long seed = Long.parseLong(System.getenv().getOrDefault("CROSSNET_CRASH_SEED", Long.toString(System.nanoTime())));
    rnd = new Random(seed);
    System.out.println("crash consistency: seed " + seed + " (CROSSNET_CRASH_SEED replays its choices)");
    long began = System.nanoTime();
    topo = HostTopology.create();
    try {
      Map<String, String> config = Map.of("crossnet.linux.host-netns", topo.host().path(), "crossnet.reconcile-period", "1h");
      Path archive = classDataArchive(config);
      service = new ServiceProcess(dir.resolve("run"), config).jvmOption("-XX:TieredStopAtLevel=1");
      if (Files.isRegularFile(archive)) {
        service.jvmOption("-XX:SharedArchiveFile=" + archive);
      }
      http = service.http();
      for (int c = 0; c < CLIENTS; c++) {
        List<TestNetns> own = new ArrayList<>();
        for (int s = 0; s < SANDBOXES_PER_CLIENT; s++) {
          own.add(topo.sandbox("cc" + c + "s" + s));
        }
        sandboxes.addAll(own);
        clients.add(new CrashClient(c, http, own));
      }
      witness = new KernelWitness(topo.host(), sandboxes);
      start();
      checkAtRest("first start");
      while (burstKills + startupKills < kills) {
        burstAndKill();
        checkCrashImage("kill " + (burstKills + startupKills) + " (during requests)");
        if (rnd.nextInt(8) == 0) {
          killDuringStartUp();
          checkCrashImage("kill " + (burstKills + startupKills) + " (during start-up)");
        }
        start();
        clients.forEach(CrashClient::retryInFlight);
        failOnClientProblems("after restart " + restarts);
        checkAtRest("restart " + restarts);
      }
      service.stop();
      StoreImage last = StoreImage.read(service.dataDir(), scratch());
      assertEquals(List.of(), last.problems(), "the store after a clean stop");
      assertEquals(List.of(), last.unsettled(), "the store after a clean stop");
      summary(seed, began);
    } finally {
      try {
        if (service != null) {
          service.close();
        }
      } finally {
        topo.close();
      }
    }
  }

  /** A first, clean run that dumps the classes it loaded, so the many starts after it load them from the archive. */
  private Path classDataArchive(Map<String, String> config) {
    Path archive = dir.resolve("crossnet.jsa");
    ServiceProcess first = new ServiceProcess(dir.resolve("cds"), config).jvmOption("-XX:TieredStopAtLevel=1")
        .jvmOption("-XX:ArchiveClassesAtExit=" + archive);
    try {
      first.start();
      first.stop();
    } finally {
      first.close();
    }
    return archive;
  }

  private void start() {
    long t = System.nanoTime();
    service.start();
    readyMillisTotal += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
    restarts++;
    List<String> bad = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(service.log())) {
        // a start-up reconcile that fails at something, or anything logged as an error, is a finding
        if (line.contains(" ERROR ") || (line.contains("failures [") && !line.contains("failures []"))) {
          bad.add(line);
        }
        if (line.contains("reconciled: ")) {
          for (String what : List.of("finished", "rolled back", "repaired", "collected", "orphans removed")) {
            if (line.contains(what + " [") && !line.contains(what + " []")) {
              startUpWork.merge(what, 1, Integer::sum);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(List.of(), bad, "start " + restarts + " logged errors; log:\n" + service.logTail());
  }

  /** The clients run until the service dies under them, at a random moment some tens to hundreds of milliseconds in. */
  private void burstAndKill() throws Exception {
    long t = System.nanoTime();
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (CrashClient c : clients) {
        long seed = rnd.nextLong();
        running.add(pool.submit(() -> c.burst(killed, new Random(seed))));
      }
      Thread.sleep(50 + rnd.nextInt(900));
      killed.set(true);
      service.kill();
      burstKills++;
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    burstMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
    failOnClientProblems("burst before kill " + (burstKills + startupKills));
  }

  /** Kills the service while it starts: before, during or after its start-up reconcile. */
  private void killDuringStartUp() throws InterruptedException {
    long typical = restarts == 0 ? 2000 : readyMillisTotal / restarts;
    service.launch();
    Thread.sleep(rnd.nextInt((int) Math.max(1, typical)));
    service.kill();
    startupKills++;
  }

  private void checkCrashImage(String when) {
    StoreImage image = StoreImage.read(service.dataDir(), scratch());
    assertEquals(List.of(), image.problems(), "store file as " + when + " left it");
    if (!image.unsettled().isEmpty()) {
      imagesWithWorkLeft++;
    }
  }

  private void checkAtRest(String when) throws Exception {
    long t = System.nanoTime();
    checks++;
    // 1. the service lists exactly what was acknowledged, all of it active
    Map<String, String> wantedNets = new TreeMap<>();
    Map<String, String> wantedEps = new TreeMap<>();
    Set<String> goneNets = new TreeSet<>();
    Set<String> goneEps = new TreeSet<>();
    for (CrashClient c : clients) {
      wantedNets.putAll(c.networks());
      wantedEps.putAll(c.endpoints());
      goneNets.addAll(c.goneNetworks());
      goneEps.addAll(c.goneEndpoints());
    }
    List<Net> nets = new ArrayList<>();
    List<Ep> eps = new ArrayList<>();
    Map<String, String> listedNets = new TreeMap<>();
    Map<String, String> listedEps = new TreeMap<>();
    for (JsonNode n : ok(http.get("/v1/networks"))) {
      assertEquals("active", n.path("state").asText(), when + ": " + n);
      JsonNode pool = n.path("ipam").path("config").path(0);
      nets.add(new Net(n.path("id").asText(), n.path("name").asText(), n.path("objects").path(0).asText(), pool.path("subnet").asText(),
          pool.path("gateway").asText()));
      listedNets.put(n.path("id").asText(), n.path("name").asText());
      for (JsonNode e : ok(http.get("/v1/networks/" + n.path("id").asText() + "/endpoints"))) {
        assertEquals("active", e.path("state").asText(), when + ": " + e);
        eps.add(new Ep(e.path("id").asText(), e.path("network").asText(), e.path("sandbox").asText(), e.path("interface").asText(),
            e.path("ipv4Address").asText(), e.path("gateway").asText()));
        listedEps.put(e.path("id").asText(), e.path("network").asText() + " " + e.path("sandbox").asText() + " " + e.path("interface").asText());
      }
    }
    assertEquals(wantedNets, listedNets, when + ": the networks listed are the acknowledged ones");
    assertEquals(wantedEps, listedEps, when + ": the endpoints listed are the acknowledged ones");
    goneNets.retainAll(listedNets.keySet());
    goneEps.retainAll(listedEps.keySet());
    assertEquals(Set.of(), goneNets, when + ": networks whose delete was acknowledged");
    assertEquals(Set.of(), goneEps, when + ": endpoints whose detach was acknowledged");

    // 2. the store at rest: every allocated address is a listed endpoint's, each given once
    StoreImage image = StoreImage.read(service.dataDir(), scratch());
    assertEquals(List.of(), image.problems(), when + ": store at rest");
    assertEquals(List.of(), image.unsettled(), when + ": store at rest");
    assertEquals(listedEps.keySet(), new TreeSet<>(image.endpoints().stream().map(e -> e.id()).toList()), when + ": store at rest");

    // 3. the kernel holds exactly the records' objects, nothing marked without one
    assertEquals(List.of(), witness.problems(nets, eps), when + ": kernel state; log:\n" + service.logTail());

    // 4. every endpoint works
    traffic(when, nets, eps);
    checkMillis += TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
  }

  private void traffic(String when, List<Net> nets, List<Ep> eps) throws Exception {
    Map<String, TestNetns> byPath = new HashMap<>();
    sandboxes.forEach(s -> byPath.put(s.path(), s));
    try (ServerSocketChannel gw = NsSockets.listen(topo.host(), GATEWAY_PORT)) {
      for (Ep e : eps) {
        exchange(when, "endpoint " + e.id() + " to its gateway", byPath.get(e.sandbox()), gw, e.gateway(), GATEWAY_PORT, null);
      }
    }
    for (Net n : nets) {
      List<Ep> on = eps.stream().filter(e -> e.networkId().equals(n.id())).toList();
      if (on.size() >= 2) {
        Ep from = on.get(0);
        Ep to = on.get(1);
        try (ServerSocketChannel peer = NsSockets.listen(byPath.get(to.sandbox()), PEER_PORT)) {
          exchange(when, "endpoint " + from.id() + " to " + to.id() + " on " + n.name(), byPath.get(from.sandbox()), peer, to.address(),
              PEER_PORT, null);
        }
      }
    }
    if (!eps.isEmpty()) {
      Ep sample = eps.get(rnd.nextInt(eps.size()));
      try (ServerSocketChannel world = NsSockets.listen(topo.world(), WORLD_PORT)) {
        exchange(when, "sandbox " + sample.sandbox() + " to the world, masqueraded", byPath.get(sample.sandbox()), world,
            HostTopology.WORLD, WORLD_PORT, HostTopology.HOST_UPLINK);
      }
    }
  }

  private void exchange(String when, String what, TestNetns from, ServerSocketChannel server, String address, int port, String peer) {
    NsSockets.Seen seen;
    try {
      seen = NsSockets.exchange(from, server, address, port);
    } catch (RuntimeException e) {
      throw new AssertionError(when + ": " + what + " failed: " + e + "; log:\n" + service.logTail(), e);
    }
    assertEquals("hello", seen.line(), when + ": " + what);
    if (peer != null) {
      assertEquals(peer, seen.peer(), when + ": " + what);
    }
    exchanges++;
  }

  private void failOnClientProblems(String when) {
    List<String> all = new ArrayList<>();
    clients.forEach(c -> all.addAll(c.problems()));
    assertEquals(List.of(), all, when + "; log:\n" + service.logTail());
  }

  private Path scratch() {
    Path p = dir.resolve("scratch");
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return p;
  }

  private static JsonNode ok(Reply r) {
    assertEquals(200, r.status(), r::toString);
    return r.json();
  }

  private void summary(long seed, long began) {
    Map<CrashClient.Kind, Integer> acked = new TreeMap<>();
    int inFlight = 0;
    int applied = 0;
    for (CrashClient c : clients) {
      c.acknowledged().forEach((k, v) -> acked.merge(k, v, Integer::sum));
      inFlight += c.inFlightTotal();
      applied += c.inFlightApplied();
    }
    int total = acked.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("crash consistency: %d kills (%d during requests, %d during start-up), %d starts (ready after %d ms on average), "
            + "%d acknowledged operations %s, %d requests in flight at a kill (%d found done on retry), %d crash images with work "
            + "left for the start-up reconcile (start-ups that %s), %d full checks at rest, %d TCP exchanges; %d s in all: "
            + "%d s starting, %d s in requests, %d s checking; seed %d%n",
        burstKills + startupKills, burstKills, startupKills, restarts, readyMillisTotal / Math.max(1, restarts), total, acked, inFlight,
        applied, imagesWithWorkLeft, startUpWork, checks, exchanges, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began),
        readyMillisTotal / 1000, burstMillis / 1000, checkMillis / 1000, seed);
  }
}
