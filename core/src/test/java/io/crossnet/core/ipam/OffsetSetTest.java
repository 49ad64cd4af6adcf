package io.crossnet.core.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffsetSetTest {

  private static OffsetSet of(long... offsets) {
    OffsetSet s = new OffsetSet();
    for (long o : offsets) {
      s.add(o);
    }
    return s;
  }

  @Test
  void neighboursMergeIntoOneRangeFromEitherSide() {
    OffsetSet s = of(5, 7);
    assertEquals(2, s.rangeCount());
    assertTrue(s.add(6));
    assertEquals(1, s.rangeCount());
    assertEquals(3, s.size());
    assertTrue(s.contains(5) && s.contains(6) && s.contains(7));
    assertFalse(s.contains(4) || s.contains(8));
  }

  @Test
  void addingAPresentOffsetIsFalseAndChangesNothing() {
    OffsetSet s = of(1, 2, 3);
    assertFalse(s.add(2));
    assertEquals(1, s.rangeCount());
    assertEquals(3, s.size());
  }

  @Test
  void removeSplitsAtTheMiddleAndTrimsAtTheEdges() {
    OffsetSet s = of(1, 2, 3, 4, 5);
    assertTrue(s.remove(3));
    assertEquals(2, s.rangeCount());
    assertTrue(s.remove(1));
    assertTrue(s.remove(5));
    assertEquals(2, s.rangeCount());
    assertEquals(2, s.size());
    assertTrue(s.contains(2) && s.contains(4));
    assertFalse(s.remove(3));
    assertTrue(s.remove(2));
    assertTrue(s.remove(4));
    assertEquals(0, s.rangeCount());
  }

  @Test
  void firstFreeSkipsTheRangeContainingFrom() {
    OffsetSet s = of(1, 2, 3, 10);
    assertEquals(0L, s.firstFree(0, 100));
    assertEquals(4L, s.firstFree(1, 100));
    assertEquals(4L, s.firstFree(3, 100));
    assertEquals(9L, s.firstFree(9, 100));
    assertEquals(11L, s.firstFree(10, 100));
    assertNull(s.firstFree(1, 3));
    assertNull(s.firstFree(5, 4));
  }

  @Test
  void offsetsAtTheUnsignedTopMergeAndStayInOrder() {
    OffsetSet s = of(-1L, -2L);
    assertEquals(1, s.rangeCount());
    assertTrue(s.contains(-1L));
    assertTrue(s.contains(-2L));
    assertFalse(s.contains(-3L));
    assertFalse(s.contains(0));
    assertNull(s.firstFree(-2L, -1L));
    assertEquals(-3L, s.firstFree(-3L, -1L));
  }

  @Test
  void topAndBottomDoNotMergeAcrossTheWrap() {
    OffsetSet s = of(-1L, 0L);
    assertEquals(2, s.rangeCount());
    assertTrue(s.remove(-1L));
    assertTrue(s.contains(0));
    assertFalse(s.contains(-1L));
    assertEquals(-1L, s.firstFree(-1L, -1L));
  }

  @Test
  void rangeEndingAtTheTopHasNoFreeOffsetAfterIt() {
    OffsetSet s = of(-3L, -2L, -1L);
    assertNull(s.firstFree(-3L, -1L));
    assertTrue(s.remove(-2L));
    assertEquals(2, s.rangeCount());
    assertEquals(-2L, s.firstFree(-3L, -1L));
  }

  @Test
  void signedMaxAndMinAreNeighboursUnsigned() {
    OffsetSet s = of(Long.MAX_VALUE, Long.MIN_VALUE);
    assertEquals(1, s.rangeCount());
    assertEquals(Long.MIN_VALUE + 1, s.firstFree(Long.MAX_VALUE, -1L));
    assertTrue(s.remove(Long.MAX_VALUE));
    assertTrue(s.contains(Long.MIN_VALUE));
    assertEquals(Long.MAX_VALUE, s.firstFree(Long.MAX_VALUE, -1L));
    assertEquals(Long.MIN_VALUE + 1, s.firstFree(Long.MIN_VALUE, -1L));
  }

  @Test
  void writeReadRoundTrip() throws Exception {
    OffsetSet s = of(0, 1, 5, Long.MAX_VALUE, Long.MIN_VALUE, -1L);
    var bytes = new java.io.ByteArrayOutputStream();
    s.write(new java.io.DataOutputStream(bytes));
    OffsetSet r = OffsetSet.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(s.rangeCount(), r.rangeCount());
    assertEquals(s.size(), r.size());
    for (long o : new long[] {0, 1, 2, 4, 5, 6, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L}) {
      assertEquals(s.contains(o), r.contains(o), Long.toUnsignedString(o));
    }
  }
}
