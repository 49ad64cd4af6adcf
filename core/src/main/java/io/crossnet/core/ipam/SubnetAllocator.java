package io.crossnet.core.ipam;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Subnet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Address allocation inside one subnet. Addresses are offsets from the subnet's first address,
 * held as ranges ({@link OffsetSet}); dynamic allocation walks forward from a cursor (the last
 * address handed out) and wraps once, like Docker's serial allocator, so a released address is
 * not handed out again until the rest of the range has been used. Nothing scans the subnet.
 *
 * <p>The network address, the IPv4 broadcast address, the gateway and the auxiliary addresses are
 * reserved at construction. For subnets wider than 64 host bits only the first 2^64 addresses
 * are used.
 */
public final class SubnetAllocator {
  private static final byte FORMAT = 1;

  private final Subnet subnet;
  private final IpAddress base;
  private final long usableFirst;
  private final long usableLast;
  private final long rangeFirst;
  private final long rangeLast;
  private final OffsetSet taken;
  private long cursor;

  public SubnetAllocator(Subnet subnet) {
    this(subnet, new OffsetSet(), -1);
    reserve(subnet.gateway());
    subnet.auxAddresses().values().forEach(this::reserve);
    cursor = rangeFirst - 1;
  }

  private SubnetAllocator(Subnet subnet, OffsetSet taken, long cursor) {
    this.subnet = subnet;
    this.base = subnet.subnet().first();
    int hostBits = Math.min(64, subnet.subnet().hostBits());
    long lastOffset = hostBits == 64 ? -1L : (1L << hostBits) - 1;
    // the network address is never handed out; for IPv4 neither is the broadcast address
    this.usableFirst = 1;
    this.usableLast = subnet.isV4() ? lastOffset - 1 : lastOffset;
    IpPrefix range = subnet.ipRange() == null ? subnet.subnet() : subnet.ipRange();
    long first = range.first().minus(base);
    this.rangeFirst = Long.compareUnsigned(first, usableFirst) < 0 ? usableFirst : first;
    long last = range.last().minus(base);
    this.rangeLast = Long.compareUnsigned(last, usableLast) > 0 ? usableLast : last;
    this.taken = taken;
    this.cursor = cursor;
  }

  public Subnet subnet() {
    return subnet;
  }

  /** The next free address after the cursor in the ip-range, wrapping once. */
  public IpAddress allocate() {
    Long found = taken.firstFree(cursor + 1, rangeLast);
    if (found == null || Long.compareUnsigned(found, rangeFirst) < 0) {
      found = taken.firstFree(rangeFirst, rangeLast);
    }
    if (found == null) {
      IpPrefix range = subnet.ipRange() == null ? subnet.subnet() : subnet.ipRange();
      throw new Exhausted("no free address left in " + range);
    }
    taken.add(found);
    cursor = found;
    return base.plus(found);
  }

  /**
   * Takes a specific address (a static address asked by a client). Outside the subnet or reserved
   * is an {@link InvalidRequest} on {@code field}; in use is {@link AlreadyExists}.
   */
  public IpAddress allocate(IpAddress wanted, String field) {
    long offset = offsetOf(wanted, field);
    if (wanted.equals(subnet.gateway())) {
      throw new InvalidRequest(field, wanted + " is the gateway of " + subnet.subnet());
    }
    if (subnet.auxAddresses().containsValue(wanted)) {
      throw new InvalidRequest(field, wanted + " is reserved as an auxiliary address of " + subnet.subnet());
    }
    if (!taken.add(offset)) {
      throw new AlreadyExists("address " + wanted + " is already in use in " + subnet.subnet());
    }
    return wanted;
  }

  /** Returns an address to the pool; reserved and unknown addresses are left as they are. */
  public void release(IpAddress address) {
    if (!manages(address) || address.equals(subnet.gateway())
        || subnet.auxAddresses().containsValue(address)) {
      return;
    }
    taken.remove(address.minus(base));
  }

  public boolean isAllocated(IpAddress address) {
    return manages(address) && taken.contains(address.minus(base));
  }

  /** Inside the subnet and within its first 2^64 addresses, so the offset does not alias another. */
  private boolean manages(IpAddress address) {
    return subnet.subnet().contains(address) && address.hi() == base.hi();
  }

  /** Addresses taken, reserved ones included. */
  public long allocatedCount() {
    return taken.size();
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 16 * taken.rangeCount());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(cursor);
      taken.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static SubnetAllocator decode(Subnet subnet, byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalStateException("allocator state of " + subnet.subnet() + " has unknown format " + format);
      }
      long cursor = in.readLong();
      return new SubnetAllocator(subnet, OffsetSet.read(in), cursor);
    } catch (IOException e) {
      throw new UncheckedIOException("allocator state of " + subnet.subnet() + " is damaged", e);
    }
  }

  private void reserve(IpAddress address) {
    if (subnet.subnet().contains(address) && address.hi() == base.hi()) {
      taken.add(address.minus(base));
    }
  }

  private long offsetOf(IpAddress wanted, String field) {
    if (!subnet.subnet().contains(wanted)) {
      throw new InvalidRequest(field, wanted + " is outside subnet " + subnet.subnet());
    }
    if (wanted.hi() != base.hi() && !wanted.isV4()) {
      throw new InvalidRequest(field, wanted + " is beyond the first 2^64 addresses of " + subnet.subnet() + ", which crossnet manages");
    }
    long offset = wanted.minus(base);
    if (Long.compareUnsigned(offset, usableFirst) < 0 || Long.compareUnsigned(offset, usableLast) > 0) {
      throw new InvalidRequest(field, wanted + " is the " + (offset == 0 ? "network" : "broadcast") + " address of " + subnet.subnet());
    }
    return offset;
  }
}
