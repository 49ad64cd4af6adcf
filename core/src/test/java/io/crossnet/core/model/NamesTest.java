package io.crossnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "A", "0", "my-net", "my_net", "my.net", "Net-1.2_3", "0leading-digit"})
  void dockerCompatibleNamesAreAccepted(String name) {
    assertTrue(Names.NAME.matcher(name).matches(), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-net", "_net", ".net", "my net", "my/net", "my:net", "net\n", "nét", "a*b", "a\u0000"})
  void namesOutsideDockersRuleAreRefused(String name) {
    assertFalse(Names.NAME.matcher(name).matches(), name);
  }

  @Test
  void nameLengthIsBoundedAt63() {
    assertTrue(Names.NAME.matcher("a".repeat(63)).matches());
    assertFalse(Names.NAME.matcher("a".repeat(64)).matches());
  }

  @Test
  void interfaceNamesAreAtMost15Characters() {
    assertTrue(Names.INTERFACE.matcher("eth0").matches());
    assertTrue(Names.INTERFACE.matcher("a".repeat(15)).matches());
    assertFalse(Names.INTERFACE.matcher("a".repeat(16)).matches());
    assertFalse(Names.INTERFACE.matcher("eth0:1").matches());
    assertFalse(Names.INTERFACE.matcher("a/b").matches());
  }

  @Test
  void labelKeysAllowReverseDnsWithSlashes() {
    assertTrue(Names.LABEL_KEY.matcher("com.example/app-name").matches());
    assertTrue(Names.LABEL_KEY.matcher("a".repeat(128)).matches());
    assertFalse(Names.LABEL_KEY.matcher("a".repeat(129)).matches());
    assertFalse(Names.LABEL_KEY.matcher("/leading").matches());
    assertFalse(Names.LABEL_KEY.matcher("has space").matches());
  }

  @Test
  void printableEscapesControlCharactersAndBoundsLength() {
    assertEquals("a\\u000ab\\u001b", Names.printable("a\nb\u001b"));
    assertEquals("null", Names.printable(null));
    String shown = Names.printable("x".repeat(500));
    assertTrue(shown.length() < 80, shown);
    assertTrue(shown.endsWith("..."), shown);
    assertEquals("x".repeat(64), Names.printable("x".repeat(64)));
  }
}
