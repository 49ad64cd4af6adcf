package io.crossnet.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.InvalidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxRefTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "/var/run/netns/ctr1", "/run/netns/ctr1", "/var/run/netns/_x", "/var/run/netns/a.b-c_d",
      "/proc/1/ns/net", "/proc/4294967295/ns/net", "/proc/12/task/34/ns/net",
      "0c3f9f4e-1d2b-4c5a-9e8f-0123456789ab", "0C3F9F4E-1D2B-4C5A-9E8F-0123456789AB"})
  void namespaceShapesAreAccepted(String text) {
    assertEquals(text, SandboxRef.parse("sandbox", text).path());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/var/run/netns/", "/var/run/netns/../etc/passwd", "/var/run/netns/a/b", "/var/run/netns/.hidden",
      "/var/run/netns/-x", "/run/netns/a b", "/tmp/netns/x", "var/run/netns/x", "/var/run/netns/x\n",
      "/proc/0/ns/net", "/proc/01/ns/net", "/proc/self/ns/net", "/proc/1/ns/mnt", "/proc/1/task/0/ns/net",
      "/proc/12345678901/ns/net", "/proc/1/ns/net/", "0c3f9f4e-1d2b-4c5a-9e8f-0123456789a",
      "{0c3f9f4e-1d2b-4c5a-9e8f-0123456789ab}", "0c3f9f4e1d2b4c5a9e8f0123456789ab", "/etc/passwd"})
  void otherStringsAreRefusedNamingTheField(String text) {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> SandboxRef.parse("sandbox", text));
    assertEquals("sandbox", e.errors().get(0).field());
  }

  @Test
  void nameLongerThan64IsRefused() {
    SandboxRef.parse("sandbox", "/run/netns/" + "a".repeat(64));
    assertThrows(InvalidRequest.class, () -> SandboxRef.parse("sandbox", "/run/netns/" + "a".repeat(65)));
  }

  @Test
  void missingSandboxIsRequired() {
    assertThrows(InvalidRequest.class, () -> SandboxRef.parse("sandbox", null));
    assertThrows(InvalidRequest.class, () -> SandboxRef.parse("sandbox", ""));
  }

  @Test
  void varRunAndRunNameTheSameNamespace() {
    assertEquals(SandboxRef.parse("s", "/var/run/netns/x").key(), SandboxRef.parse("s", "/run/netns/x").key());
    assertEquals("x", SandboxRef.parse("s", "/var/run/netns/x").netnsName());
    assertEquals("x", SandboxRef.parse("s", "/run/netns/x").netnsName());
  }

  @Test
  void procPathsAndGuidsHaveNoNetnsName() {
    assertNull(SandboxRef.parse("s", "/proc/7/ns/net").netnsName());
    SandboxRef guid = SandboxRef.parse("s", "0c3f9f4e-1d2b-4c5a-9e8f-0123456789ab");
    assertNull(guid.netnsName());
    assertTrue(guid.isGuid());
    assertFalse(SandboxRef.parse("s", "/proc/7/ns/net").isGuid());
  }
}
