package io.crossnet.core.ipam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Subnet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random operation sequences on small subnets, checked against a plain set of live addresses.
 * A second allocator that is never encoded runs alongside; the one under test is replaced by
 * {@code decode(encode())} at random points, so any state lost in the encoding shows up as a
 * different answer.
 */
class SubnetAllocatorModelPropertyTest {

  sealed interface Op permits Allocate, AllocateStatic, Release, RoundTrip {}

  record Allocate() implements Op {}

  /** Asks for the address at {@code offset mod size}: free, live or reserved. */
  record AllocateStatic(int offset) implements Op {}

  /** Releases a live address ({@code anyAddress} false) or any address of the subnet. */
  record Release(int pick, boolean anyAddress) implements Op {}

  record RoundTrip() implements Op {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Op> allocate = Arbitraries.just(new Allocate());
    Arbitrary<Op> fixed = Arbitraries.integers().between(0, 1 << 10).map(AllocateStatic::new);
    Arbitrary<Op> release = Combinators.combine(Arbitraries.integers().between(0, 1 << 10), Arbitraries.of(false, false, true))
        .as(Release::new);
    Arbitrary<Op> roundTrip = Arbitraries.just(new RoundTrip());
    return Arbitraries.frequencyOf(Tuple.of(6, allocate), Tuple.of(2, fixed), Tuple.of(3, release), Tuple.of(1, roundTrip))
        .list().ofMaxSize(150);
  }

  @Property(tries = 400)
  void allocatorAgreesWithASetModel(
      @ForAll boolean v4,
      @ForAll @IntRange(min = 0, max = 6) int lengthStep,
      @ForAll long baseSeed,
      @ForAll @IntRange(min = 0, max = 1 << 10) int gatewaySeed,
      @ForAll boolean withRange,
      @ForAll @IntRange(min = 0, max = 8) int rangeStep,
      @ForAll @IntRange(min = 0, max = 1 << 10) int rangeSeed,
      @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 1 << 10) Integer> auxSeeds,
      @ForAll("operations") List<Op> ops) {

    int bits = v4 ? 32 : 128;
    int length = v4 ? 26 + lengthStep % 5 : 120 + lengthStep;
    int hostBits = bits - length;
    int size = 1 << hostBits;
    IpAddress base = (v4 ? IpAddress.v4(baseSeed) : IpAddress.v6(baseSeed, baseSeed * 0x9E3779B97F4A7C15L)).mask(length);
    IpPrefix prefix = new IpPrefix(base, length);
    int lastHost = v4 ? size - 2 : size - 1;
    IpAddress gateway = base.plus(1 + gatewaySeed % lastHost);
    IpPrefix range = null;
    if (withRange) {
      int rangeLength = length + rangeStep % (hostBits + 1);
      int blocks = 1 << (rangeLength - length);
      range = new IpPrefix(base.plus((long) (rangeSeed % blocks) << (bits - rangeLength)), rangeLength);
    }
    Map<String, IpAddress> aux = new TreeMap<>();
    for (int i = 0; i < auxSeeds.size(); i++) {
      aux.put("aux" + i, base.plus(1 + auxSeeds.get(i) % lastHost));
    }
    Subnet subnet = new Subnet(prefix, gateway, range, aux);

    Set<IpAddress> reserved = new HashSet<>(aux.values());
    reserved.add(gateway);
    reserved.add(base);
    if (v4) {
      reserved.add(prefix.last());
    }
    Set<IpAddress> dynamicPool = new HashSet<>();
    for (int i = 0; i < size; i++) {
      IpAddress a = base.plus(i);
      if (!reserved.contains(a) && (range == null || range.contains(a))) {
        dynamicPool.add(a);
      }
    }

    SubnetAllocator subject = new SubnetAllocator(subnet);
    SubnetAllocator shadow = new SubnetAllocator(subnet);
    TreeSet<IpAddress> live = new TreeSet<>();

    for (Op op : ops) {
      if (op instanceof Allocate) {
          IpAddress got = allocateOrNull(subject);
          assertEquals(got, allocateOrNull(shadow), "decoded allocator diverged from the shadow");
          Set<IpAddress> free = new HashSet<>(dynamicPool);
          free.removeAll(live);
          if (free.isEmpty()) {
            assertEquals(null, got, "allocated with nothing free");
          } else {
            assertNotNull(got, "exhausted with free addresses " + free);
            assertTrue(free.contains(got), got + " was not free in the dynamic range (live " + live + ")");
            assertTrue(prefix.contains(got));
            assertTrue(range == null || range.contains(got));
            live.add(got);
          }
      } else if (op instanceof AllocateStatic s) {
          IpAddress wanted = base.plus(s.offset() % size);
          String outcome = staticOutcome(subject, wanted);
          assertEquals(outcome, staticOutcome(shadow, wanted));
          String expected = reserved.contains(wanted) ? "invalid" : live.contains(wanted) ? "taken" : "ok";
          assertEquals(expected, outcome, wanted.toString());
          if (expected.equals("ok")) {
            live.add(wanted);
          }
      } else if (op instanceof Release r) {
          IpAddress target;
          if (r.anyAddress() || live.isEmpty()) {
            target = base.plus(r.pick() % size);
          } else {
            target = new ArrayList<>(live).get(r.pick() % live.size());
          }
          subject.release(target);
          shadow.release(target);
          live.remove(target);
      } else if (op instanceof RoundTrip) {
          byte[] encoded = subject.encode();
          subject = SubnetAllocator.decode(subnet, encoded);
          assertArrayEquals(encoded, subject.encode());
      }
      for (int i = 0; i < size; i++) {
        IpAddress a = base.plus(i);
        boolean expectedTaken = live.contains(a) || (reserved.contains(a) && !a.equals(base) && !(v4 && a.equals(prefix.last())));
        assertEquals(expectedTaken, subject.isAllocated(a), a + " after " + op);
      }
      assertFalse(live.stream().anyMatch(reserved::contains), "a reserved address became live");
    }
  }

  private static IpAddress allocateOrNull(SubnetAllocator a) {
    try {
      return a.allocate();
    } catch (Exhausted e) {
      return null;
    }
  }

  private static String staticOutcome(SubnetAllocator a, IpAddress wanted) {
    try {
      a.allocate(wanted, "ipv4Address");
      return "ok";
    } catch (InvalidRequest e) {
      assertEquals("ipv4Address", e.errors().get(0).field());
      return "invalid";
    } catch (AlreadyExists e) {
      return "taken";
    } catch (RuntimeException e) {
      fail("unexpected " + e);
      return null;
    }
  }
}
