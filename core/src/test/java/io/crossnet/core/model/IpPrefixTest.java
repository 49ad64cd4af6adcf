package io.crossnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {

  private static IpPrefix p(String s) {
    return IpPrefix.parse("subnet", s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4/33", "::/129", "10.0.0.0", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/1a",
      "10.0.0.256/24", "::1::/64", "/24", "10.0.0.0/24/8", "10.0.0.0/0024"})
  void malformedPrefixesAreRefusedNamingTheField(String text) {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> IpPrefix.parse("ipam.config[0].subnet", text));
    assertEquals("ipam.config[0].subnet", e.errors().get(0).field());
  }

  @Test
  void missingPrefixSaysItIsRequired() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> IpPrefix.parse("subnet", null));
    assertTrue(e.getMessage().contains("required"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"10.50.0.0/24, 10.50.0.0/24", "0.0.0.0/0, 0.0.0.0/0", "2001:DB8:0:0::/32, 2001:db8::/32", "::/0, ::/0",
      "10.50.0.2/24, 10.50.0.2/24"})
  void printsCanonically(String in, String out) {
    assertEquals(out, p(in).toString());
  }

  @Test
  void networkFirstAndLast() {
    IpPrefix x = p("10.50.0.77/24");
    assertEquals(p("10.50.0.0/24"), x.network());
    assertEquals("10.50.0.0", x.first().toString());
    assertEquals("10.50.0.255", x.last().toString());
    assertEquals("fd00::ffff:ffff:ffff:ffff", p("fd00::/64").last().toString());
    assertEquals("fd00::", p("fd00::/64").first().toString());
    assertEquals("255.255.255.255", p("0.0.0.0/0").last().toString());
    assertEquals(8, p("10.0.0.0/24").hostBits());
  }

  @Test
  void containmentAndOverlap() {
    assertTrue(p("10.0.0.0/8").contains(p("10.1.0.0/16")));
    assertFalse(p("10.1.0.0/16").contains(p("10.0.0.0/8")));
    assertTrue(p("10.0.0.0/8").overlaps(p("10.1.0.0/16")));
    assertTrue(p("10.1.0.0/16").overlaps(p("10.0.0.0/8")));
    assertFalse(p("10.1.0.0/24").overlaps(p("10.1.1.0/24")));
    assertFalse(p("0.0.0.0/0").overlaps(p("::/0")));
    assertFalse(p("0.0.0.0/0").contains(IpAddress.parse("a", "::1")));
  }
}
