package io.crossnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressParseTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "10.0.0.256", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.4.", ".1.2.3", "1.2.3.-4", "1.2.3.4 ",
      "::1::", ":::", "1:::2", ":1", "1:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "::1%eth0",
      "1::2::3", "1:2:3:4:5:6:7::8", "::ffff:1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "localhost", "", " "})
  void malformedLiteralsAreRefused(String text) {
    assertNull(IpAddress.tryParse(text), text);
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> IpAddress.parse("ipv4Address", text));
    assertEquals("ipv4Address", e.errors().get(0).field());
  }

  @Test
  void nullIsRefused() {
    assertNull(IpAddress.tryParse(null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "10.50.0.2, 10.50.0.2",
      "::, ::",
      "::1, ::1",
      "1::, 1::",
      "2001:DB8::1, 2001:db8::1",
      "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:db8::0:1, 2001:db8::1",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "fe80:0:0:0:0:0:0:0, fe80::",
      "0:0:0:0:0:0:0:1, ::1",
      "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
      "::ffff:10.0.0.1, ::ffff:a00:1",
      "::1.2.3.4, ::102:304",
      "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
  })
  void outputIsRfc5952Canonical(String input, String canonical) {
    assertEquals(canonical, IpAddress.parse("f", input).toString());
    assertEquals(IpAddress.parse("f", input), IpAddress.parse("f", canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "2001:db8::8:800:200c:417a", "fd00:1:2:3:4:5:6:7", "::102:304"})
  void agreesWithTheJdkOnBytes(String text) throws Exception {
    assertEquals(java.util.Arrays.toString(InetAddress.getByName(text).getAddress()),
        java.util.Arrays.toString(IpAddress.parse("f", text).toBytes()));
    assertEquals(IpAddress.parse("f", text), IpAddress.of(InetAddress.getByName(text).getAddress()));
  }

  @Test
  void familiesAreDistinctAndV4SortsFirst() {
    IpAddress v4 = IpAddress.parse("f", "0.0.0.1");
    IpAddress v6 = IpAddress.parse("f", "::1");
    assertTrue(!v4.equals(v6));
    assertTrue(v4.compareTo(v6) < 0);
    assertTrue(IpAddress.parse("f", "10.0.0.2").compareTo(IpAddress.parse("f", "10.0.0.10")) < 0);
    assertTrue(IpAddress.parse("f", "8000::").compareTo(IpAddress.parse("f", "7fff::")) > 0);
  }

  @Test
  void plusCarriesIntoTheHighHalf() {
    assertEquals(IpAddress.parse("f", "fd00:0:0:1::"), IpAddress.parse("f", "fd00::ffff:ffff:ffff:ffff").plus(1));
    assertEquals(IpAddress.parse("f", "10.0.1.0"), IpAddress.parse("f", "10.0.0.255").plus(1));
  }

  @Test
  void errorMessageEscapesControlCharacters() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> IpAddress.parse("ip", "1.2.3.4\n"));
    assertTrue(e.getMessage().contains("\\u000a"), e.getMessage());
  }
}
