package io.crossnet.core.ipam;

import io.crossnet.core.error.Exhausted;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import java.util.Collection;
import java.util.List;

/**
 * Where subnets come from when a network does not name one: Docker's default pools for IPv4
 * (172.17.0.0/16 .. 172.31.0.0/16, then 192.168.0.0/16 in /20s) and, for IPv6, /64s out of one
 * unique-local /48. Configurable per host.
 */
public final class AddressPools {
  private final List<PoolSpec> pools;

  public AddressPools(List<PoolSpec> pools) {
    this.pools = List.copyOf(pools);
  }

  /** One pool: {@code base} cut into subnets of length {@code size}. */
  public record PoolSpec(IpPrefix base, int size) {
    public PoolSpec {
      if (size < base.length() || size > base.address().bits()) {
        throw new IllegalArgumentException("pool " + base + " cannot be cut into /" + size + "s");
      }
    }

    /** Parses {@code 10.10.0.0/16:24}-style text; the size defaults to the base length. */
    public static PoolSpec parse(String text) {
      int colon = text.lastIndexOf(':');
      boolean hasSize = colon > text.indexOf('/');
      IpPrefix base = IpPrefix.parse("addressPools", hasSize ? text.substring(0, colon) : text).network();
      return new PoolSpec(base, hasSize ? Integer.parseInt(text.substring(colon + 1)) : base.length());
    }
  }

  public static AddressPools dockerDefaults() {
    return new AddressPools(List.of(
        PoolSpec.parse("172.17.0.0/16:16"), PoolSpec.parse("172.18.0.0/15:16"),
        PoolSpec.parse("172.20.0.0/14:16"), PoolSpec.parse("172.24.0.0/13:16"),
        PoolSpec.parse("192.168.0.0/16:20"), PoolSpec.parse("fd5c:c0de:c0de::/48:64")));
  }

  public List<PoolSpec> pools() {
    return pools;
  }

  /** The first subnet of the right family that overlaps none of {@code inUse}. */
  public IpPrefix nextFree(boolean v4, Collection<IpPrefix> inUse) {
    for (PoolSpec pool : pools) {
      if (pool.base().isV4() != v4) {
        continue;
      }
      IpPrefix candidate = new IpPrefix(pool.base().first(), pool.size());
      while (pool.base().contains(candidate)) {
        IpPrefix c = candidate;
        IpPrefix blocker = inUse.stream().filter(c::overlaps).findFirst().orElse(null);
        if (blocker == null) {
          return candidate;
        }
        // jump past whatever blocks, which may be larger than one candidate
        IpPrefix skip = blocker.length() < candidate.length() ? blocker : candidate;
        IpAddress after = skip.last().plus(1);
        if (after.compareTo(skip.last()) <= 0) {
          break;
        }
        candidate = new IpPrefix(after.mask(pool.size()), pool.size());
        if (candidate.first().compareTo(skip.last()) <= 0) {
          candidate = new IpPrefix(candidate.last().plus(1), pool.size());
        }
      }
    }
    throw new Exhausted("no free " + (v4 ? "IPv4" : "IPv6") + " subnet left in the default address pools; give ipam.config[].subnet");
  }
}
