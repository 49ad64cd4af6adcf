package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static io.crossnet.core.discovery.DiscoveryFixtures.withOption;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryRegistryTest {
  private final DiscoveryRegistry registry = new DiscoveryRegistry();
  private final Network blue = network("blue", null, "10.1.0.0/24", "fd00:1::/64");
  private final Network red = network("red", "red.test", "10.2.0.0/24");

  private static IpAddress ip(String s) {
    return IpAddress.tryParse(s);
  }

  @Test
  void namesAndAliasesResolveCaseInsensitivelyWithOrWithoutTrailingDot() {
    registry.put(blue, endpoint(blue, "Web", List.of("Front"), "10.1.0.2", "fd00:1::2"));
    Set<String> on = Set.of(blue.id());
    assertEquals(List.of(ip("10.1.0.2")), registry.lookup(on, "web", Family.V4).addresses());
    assertEquals(List.of(ip("10.1.0.2")), registry.lookup(on, "WEB.", Family.V4).addresses());
    assertEquals(List.of(ip("fd00:1::2")), registry.lookup(on, "front", Family.V6).addresses());
    assertEquals(List.of(ip("10.1.0.2"), ip("fd00:1::2")), registry.lookup(on, "fRoNt", Family.ANY).addresses());
  }

  @Test
  void knownNameWithoutFamilyIsKnownButEmpty() {
    registry.put(red, endpoint(red, "db", List.of(), "10.2.0.5", null));
    Lookup l = registry.lookup(Set.of(red.id()), "db", Family.V6);
    assertTrue(l.known());
    assertTrue(l.addresses().isEmpty());
    assertFalse(registry.lookup(Set.of(red.id()), "nope", Family.V4).known());
  }

  @Test
  void namesOfOtherNetworksAreInvisible() {
    registry.put(blue, endpoint(blue, "web", List.of(), "10.1.0.2", null));
    registry.put(red, endpoint(red, "db", List.of(), "10.2.0.5", null));
    assertFalse(registry.lookup(Set.of(red.id()), "web", Family.V4).known());
    assertFalse(registry.lookup(Set.of(), "web", Family.V4).known());
    assertTrue(registry.lookup(Set.of(red.id(), blue.id()), "web", Family.V4).known());
  }

  @Test
  void domainSuffixIsOptional() {
    registry.put(red, endpoint(red, "db", List.of("primary"), "10.2.0.5", null));
    Set<String> on = Set.of(red.id());
    assertEquals(List.of(ip("10.2.0.5")), registry.lookup(on, "db.red.test.", Family.V4).addresses());
    assertEquals(List.of(ip("10.2.0.5")), registry.lookup(on, "PRIMARY.Red.Test", Family.V4).addresses());
    assertEquals(List.of(ip("10.2.0.5")), registry.lookup(on, "db", Family.V4).addresses());
    assertFalse(registry.lookup(on, "db.other.test", Family.V4).known());
    assertTrue(registry.owns(on, "ghost.red.test."));
    assertFalse(registry.owns(on, "ghost.example.org"));
    assertFalse(registry.owns(Set.of(blue.id()), "ghost.red.test"));
  }

  @Test
  void sharedAliasGivesEveryEndpoint() {
    registry.put(blue, endpoint(blue, "a", List.of("svc"), "10.1.0.2", null));
    registry.put(blue, endpoint(blue, "b", List.of("svc"), "10.1.0.3", null));
    assertEquals(Set.of(ip("10.1.0.2"), ip("10.1.0.3")),
        Set.copyOf(registry.lookup(Set.of(blue.id()), "svc", Family.V4).addresses()));
    assertEquals(2, registry.entries(Set.of(blue.id()), "svc").size());
  }

  @Test
  void removeForgetsTheEndpointAtOnce() {
    Endpoint web = endpoint(blue, "web", List.of("w"), "10.1.0.2", "fd00:1::2");
    registry.put(blue, web);
    registry.remove(web);
    Set<String> on = Set.of(blue.id());
    assertFalse(registry.lookup(on, "web", Family.ANY).known());
    assertFalse(registry.lookup(on, "w", Family.ANY).known());
    assertEquals(Optional.empty(), registry.reverse(on, ip("10.1.0.2")));
    registry.remove(web);
  }

  @Test
  void putReplacesAnEndpointsNames() {
    Endpoint web = endpoint(blue, "web", List.of("old"), "10.1.0.2", null);
    registry.put(blue, web);
    Endpoint renamed = new Endpoint(web.id(), web.networkId(), web.sandbox(), web.interfaceName(), "web", List.of("new"),
        web.ipv4(), web.ipv6(), web.macAddress(), null, null, web.createdAt(), web.state(), web.objects());
    registry.put(blue, renamed);
    assertFalse(registry.lookup(Set.of(blue.id()), "old", Family.V4).known());
    assertTrue(registry.lookup(Set.of(blue.id()), "new", Family.V4).known());
  }

  @Test
  void reverseGivesTheQualifiedName() {
    registry.put(red, endpoint(red, "Db", List.of(), "10.2.0.5", null));
    registry.put(blue, endpoint(blue, "web", List.of(), "10.1.0.2", "fd00:1::2"));
    assertEquals(Optional.of("Db.red.test"), registry.reverse(Set.of(red.id()), ip("10.2.0.5")));
    assertEquals(Optional.of("web"), registry.reverse(Set.of(blue.id()), ip("fd00:1::2")));
    assertEquals(Optional.empty(), registry.reverse(Set.of(blue.id()), ip("10.2.0.5")));
    assertTrue(registry.covers(Set.of(red.id()), ip("10.2.0.77")));
    assertFalse(registry.covers(Set.of(red.id()), ip("10.1.0.77")));
  }

  @Test
  void rebuildReplacesEverything() {
    registry.put(blue, endpoint(blue, "stale", List.of(), "10.1.0.9", null));
    Endpoint db = endpoint(red, "db", List.of(), "10.2.0.5", null);
    Network orphanNet = network("gone", null, "10.3.0.0/24");
    Endpoint orphan = endpoint(orphanNet, "lost", List.of(), "10.3.0.2", null);
    registry.rebuild(List.of(blue, red), List.of(db, orphan));
    assertFalse(registry.lookup(Set.of(blue.id()), "stale", Family.V4).known());
    assertTrue(registry.lookup(Set.of(red.id()), "db.red.test", Family.V4).known());
    assertTrue(registry.lookup(Set.of(orphanNet.id()), "lost", Family.V4).known());
    registry.remove(db);
    assertFalse(registry.lookup(Set.of(red.id()), "db", Family.V4).known());
  }

  @Test
  void removeNetworkDropsItsEndpoints() {
    Endpoint db = endpoint(red, "db", List.of(), "10.2.0.5", null);
    registry.put(red, db);
    registry.removeNetwork(red.id());
    assertFalse(registry.lookup(Set.of(red.id()), "db", Family.V4).known());
    assertEquals(0, registry.size());
  }

  @Test
  void perNetworkServersAndDomains() {
    Network custom = withOption(network("c", "c.test", "10.4.0.0/24"), DiscoveryOptions.SERVERS, "192.0.2.1, 2001:db8::1");
    registry.putNetwork(custom);
    registry.putNetwork(red);
    assertEquals(List.of(ip("192.0.2.1"), ip("2001:db8::1")), registry.servers(Set.of(custom.id(), red.id())));
    assertEquals(List.of(), registry.servers(Set.of(red.id())));
    assertEquals(Set.of("c.test", "red.test"), Set.copyOf(registry.domains(Set.of(custom.id(), red.id()))));
  }

  @Test
  void endpointMustBelongToTheNetwork() {
    assertThrows(IllegalArgumentException.class, () -> registry.put(red, endpoint(blue, "x", List.of(), "10.1.0.3", null)));
  }

  @Test
  void anAnswerIsNotChangedByLaterAttaches() {
    registry.put(blue, endpoint(blue, "web", List.of("svc"), "10.1.0.2", null));
    List<DiscoveryEntry> before = registry.entries(Set.of(blue.id()), "svc");
    registry.put(blue, endpoint(blue, "api", List.of("svc"), "10.1.0.3", null));
    assertEquals(1, before.size());
    assertEquals(2, registry.entries(Set.of(blue.id()), "svc").size());
  }

  @Test
  void replacingAnEndpointDropsItsOldNamesAndAddresses() {
    Endpoint web = endpoint(blue, "web", List.of("old"), "10.1.0.2", null);
    registry.put(blue, web);
    registry.put(blue, new Endpoint(web.id(), web.networkId(), web.sandbox(), web.interfaceName(), "web", List.of("new"),
        io.crossnet.core.model.IpPrefix.parse("x", "10.1.0.7/24"), null, web.macAddress(), web.gateway4(), web.gateway6(),
        web.createdAt(), web.state(), web.objects(), web.ports(), web.gwPriority()));
    assertFalse(registry.lookup(Set.of(blue.id()), "old", Family.V4).known());
    assertEquals(List.of(ip("10.1.0.7")), registry.lookup(Set.of(blue.id()), "new", Family.V4).addresses());
    assertEquals(java.util.Optional.empty(), registry.reverse(Set.of(blue.id()), ip("10.1.0.2")));
    assertEquals(1, registry.entries(blue.id()).size());
  }
}
