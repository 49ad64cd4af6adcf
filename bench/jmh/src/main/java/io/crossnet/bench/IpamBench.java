package io.crossnet.bench;

import io.crossnet.core.ipam.SubnetAllocator;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Subnet;
import io.crossnet.core.store.MvStore;
import io.crossnet.core.store.Store.Durability;
import io.crossnet.core.store.StoreTx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * IPAM throughput: {@link SubnetAllocator} in memory, and through {@link MvStore} the way
 * {@code core/.../flow/Endpoints.java} uses it (per attach: one transaction that decodes the
 * subnet's allocator state, allocates, and writes the encoded state back; per detach the same
 * with a release). Scores are operations per second; one operation is named per benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class IpamBench {
  static final int FILL = 60_000;

  static Subnet subnet16() {
    IpAddress base = IpAddress.parse("subnet", "10.64.0.0");
    return new Subnet(new IpPrefix(base, 16), base.plus(1), null, Map.of());
  }

  /**
   * {@code live} addresses already taken before measuring; with {@code fragmented} every other
   * one of 2 x live allocations was released again, so the pool is held as {@code live} ranges
   * (the shape a long-running network's pool takes), not one.
   */
  static SubnetAllocator prepared(int live, boolean fragmented) {
    SubnetAllocator a = new SubnetAllocator(subnet16());
    if (!fragmented) {
      for (int i = 0; i < live; i++) {
        a.allocate();
      }
      return a;
    }
    for (int i = 0; i < 2 * live; i++) {
      IpAddress got = a.allocate();
      if (i % 2 == 1) {
        a.release(got);
      }
    }
    return a;
  }

  /** A fresh /16 each invocation; one operation = one dynamic allocation, until 60,000 are taken. */
  @State(Scope.Thread)
  public static class Fresh {
    SubnetAllocator allocator;

    @Setup(Level.Invocation)
    public void fresh() {
      allocator = new SubnetAllocator(subnet16());
    }
  }

  @Benchmark
  @OperationsPerInvocation(FILL)
  public void memAllocate(Fresh s, Blackhole bh) {
    for (int i = 0; i < FILL; i++) {
      bh.consume(s.allocator.allocate());
    }
  }

  /** A /16 holding {@code live} addresses (as ranges when fragmented). */
  @State(Scope.Thread)
  public static class Churn {
    @Param({"0", "1000"})
    public int live;

    @Param({"false", "true"})
    public boolean fragmented;

    SubnetAllocator allocator;

    @Setup(Level.Trial)
    public void setUp() {
      allocator = prepared(live, fragmented);
    }
  }

  /** One operation = allocate one address and release it again (the pool's size stays the same). */
  @Benchmark
  public IpAddress memAllocateRelease(Churn s) {
    IpAddress a = s.allocator.allocate();
    s.allocator.release(a);
    return a;
  }

  /** The allocator state as the store holds it (encoded), for the part of a store write that is not the store. */
  @State(Scope.Thread)
  public static class Encoded {
    @Param({"0", "1000"})
    public int live;

    final Subnet subnet = subnet16();
    byte[] state;

    @Setup(Level.Trial)
    public void setUp() {
      state = prepared(live, true).encode();
    }
  }

  /** One operation = decode, allocate, encode, then the same with a release: the store path without the store. */
  @Benchmark
  public IpAddress memCodecAllocateRelease(Encoded s) {
    SubnetAllocator a = SubnetAllocator.decode(s.subnet, s.state);
    IpAddress got = a.allocate();
    s.state = a.encode();
    SubnetAllocator b = SubnetAllocator.decode(s.subnet, s.state);
    b.release(got);
    s.state = b.encode();
    return got;
  }

  /** An MvStore file in a fresh directory with one subnet's allocator state in it. */
  @State(Scope.Thread)
  public static class InStore {
    @Param({"0", "1000"})
    public int live;

    @Param({"true"})
    public boolean fragmented;

    @Param({"ASYNC", "SYNC"})
    public Durability durability;

    final Subnet subnet = subnet16();
    Path dir;
    MvStore store;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory("ipam-bench");
      store = MvStore.open(dir);
      byte[] state = prepared(live, fragmented).encode();
      store.write(Durability.SYNC, tx -> {
        tx.putAllocator("net", subnet.subnet().toString(), state);
        return null;
      });
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * One operation = one transaction that allocates an address (decode, allocate, encode, put,
   * commit) and one that releases it, as attach and detach do; SYNC adds the fsync of an
   * acknowledged change.
   */
  @Benchmark
  public IpAddress storeAllocateRelease(InStore s) {
    IpAddress a = s.store.write(s.durability, tx -> change(tx, s.subnet, null));
    s.store.write(s.durability, tx -> change(tx, s.subnet, a));
    return a;
  }

  /** Endpoints.allocate / releaseOne: the allocator state of the subnet, changed and written back. */
  static IpAddress change(StoreTx tx, Subnet subnet, IpAddress release) {
    String key = subnet.subnet().toString();
    SubnetAllocator allocator = tx.allocator("net", key)
        .map(b -> SubnetAllocator.decode(subnet, b))
        .orElseGet(() -> new SubnetAllocator(subnet));
    IpAddress a;
    if (release == null) {
      a = allocator.allocate();
    } else {
      allocator.release(release);
      a = release;
    }
    tx.putAllocator("net", key, allocator.encode());
    return a;
  }
}
