package io.crossnet.core.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxNetworksTest {
  final SandboxNetworks s = new SandboxNetworks();

  @Test
  void firstAndLastEndpointOfASandboxAreReported() {
    assertTrue(s.add("/run/netns/a", "n1"));
    assertFalse(s.add("/run/netns/a", "n2"));
    assertEquals(Set.of("n1", "n2"), s.networks("/run/netns/a"));
    assertFalse(s.remove("/run/netns/a", "n1"));
    assertEquals(Set.of("n2"), s.networks("/run/netns/a"));
    assertTrue(s.remove("/run/netns/a", "n2"));
    assertEquals(Set.of(), s.networks("/run/netns/a"));
    assertEquals(Set.of(), s.sandboxes());
  }

  @Test
  void twoInterfacesOnOneNetworkKeepItUntilBothAreGone() {
    s.add("/run/netns/a", "n1");
    s.add("/run/netns/a", "n1");
    assertFalse(s.remove("/run/netns/a", "n1"));
    assertEquals(Set.of("n1"), s.networks("/run/netns/a"));
    assertTrue(s.remove("/run/netns/a", "n1"));
  }

  @Test
  void removingWhatIsUnknownChangesNothing() {
    assertFalse(s.remove("/run/netns/x", "n1"));
    s.add("/run/netns/a", "n1");
    assertFalse(s.remove("/run/netns/a", "n9"));
    assertEquals(Set.of("n1"), s.networks("/run/netns/a"));
  }
}
