package io.crossnet.core.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** size() counts a /64's worth of offsets without going negative. */
class OffsetSetSizeTest {

  private static OffsetSet ranges(long... startEnd) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 8 * startEnd.length).putInt(startEnd.length / 2);
    for (long v : startEnd) {
      b.putLong(v);
    }
    return OffsetSet.read(new DataInputStream(new ByteArrayInputStream(b.array())));
  }

  @Test
  void smallRangesAreCountedExactly() throws IOException {
    assertEquals(1 + 10 + 2, ranges(0, 0, 5, 14, -2L, -1L).size());
  }

  @Test
  void theWholeSixtyFourBitSpaceSaturates() throws IOException {
    assertEquals(Long.MAX_VALUE, ranges(0, -1L).size());
  }

  @Test
  void oneRangeOfTwoToTheSixtyThreeSaturates() throws IOException {
    assertEquals(Long.MAX_VALUE, ranges(0, Long.MAX_VALUE).size());
  }

  @Test
  void rangesSummingPastSignedMaxSaturate() throws IOException {
    // 2^62 + 2^62 + 2 offsets
    assertEquals(Long.MAX_VALUE, ranges(0, (1L << 62) - 1, 1L << 62, (1L << 62) + (1L << 62) - 1 + 2).size());
    assertEquals(Long.MAX_VALUE, ranges(0, 0, 2, Long.MIN_VALUE).size());
  }
}
