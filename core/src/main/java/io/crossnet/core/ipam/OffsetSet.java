package io.crossnet.core.ipam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of unsigned 64-bit offsets kept as merged, inclusive ranges, so a /64 with a handful of
 * allocations costs a handful of entries, and finding the next free offset is one tree lookup.
 */
final class OffsetSet {
  private final TreeMap<Long, Long> ranges = new TreeMap<>(Long::compareUnsigned);

  boolean contains(long offset) {
    Map.Entry<Long, Long> e = ranges.floorEntry(offset);
    return e != null && Long.compareUnsigned(offset, e.getValue()) <= 0;
  }

  /** Adds one offset, merging with its neighbours; false when it was already present. */
  boolean add(long offset) {
    if (contains(offset)) {
      return false;
    }
    long start = offset;
    long end = offset;
    Map.Entry<Long, Long> below = offset == 0 ? null : ranges.floorEntry(offset - 1);
    if (below != null && below.getValue() == offset - 1) {
      start = below.getKey();
    }
    Long aboveEnd = offset == -1L ? null : ranges.get(offset + 1);
    if (aboveEnd != null) {
      ranges.remove(offset + 1);
      end = aboveEnd;
    }
    ranges.put(start, end);
    return true;
  }

  /** Removes one offset, splitting its range; false when it was absent. */
  boolean remove(long offset) {
    Map.Entry<Long, Long> e = ranges.floorEntry(offset);
    if (e == null || Long.compareUnsigned(offset, e.getValue()) > 0) {
      return false;
    }
    long start = e.getKey();
    long end = e.getValue();
    ranges.remove(start);
    if (start != offset) {
      ranges.put(start, offset - 1);
    }
    if (end != offset) {
      ranges.put(offset + 1, end);
    }
    return true;
  }

  /** The smallest free offset in {@code [from, to]} (unsigned), or null. */
  Long firstFree(long from, long to) {
    if (Long.compareUnsigned(from, to) > 0) {
      return null;
    }
    Map.Entry<Long, Long> e = ranges.floorEntry(from);
    if (e == null || Long.compareUnsigned(from, e.getValue()) > 0) {
      return from;
    }
    // ranges are merged, so the offset right after a range is free unless it wrapped
    long next = e.getValue() + 1;
    if (e.getValue() == -1L || Long.compareUnsigned(next, to) > 0) {
      return null;
    }
    return next;
  }

  /** How many offsets are present (saturating: a /64 can hold more than a long counts). */
  long size() {
    long n = 0;
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      long len = e.getValue() - e.getKey() + 1;
      // len is unsigned (0 means 2^64); n stays within [0, Long.MAX_VALUE]
      if (len <= 0 || n + len < 0) {
        return Long.MAX_VALUE;
      }
      n += len;
    }
    return n;
  }

  int rangeCount() {
    return ranges.size();
  }

  void write(DataOutputStream out) throws IOException {
    out.writeInt(ranges.size());
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  static OffsetSet read(DataInputStream in) throws IOException {
    OffsetSet s = new OffsetSet();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      s.ranges.put(in.readLong(), in.readLong());
    }
    return s;
  }
}
