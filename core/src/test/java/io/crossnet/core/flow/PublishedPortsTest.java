package io.crossnet.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.ports.PortRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host ports are one pool across every network: bound at attach, freed at detach or failure. */
class PublishedPortsTest extends FlowFixture {
  @BeforeEach
  void networks() {
    crossnet.networks().create(nat("a", "10.9.0.0/24"));
    crossnet.networks().create(nat("b", "10.10.0.0/24"));
    crossnet.networks().create(new NetworkRequest("d", "nat", List.of(new io.crossnet.core.ipam.SubnetPlanner.PoolRequest("10.11.0.0/24",
        null, null, null), new io.crossnet.core.ipam.SubnetPlanner.PoolRequest("fd00:11::/64", null, null, null)), null, null, false,
        false, null));
  }

  private Endpoint attach(String network, String sandbox, PortRequest... ports) {
    return crossnet.endpoints().attach(network,
        new EndpointRequest(sandbox, null, null, null, null, null, null, List.of(ports))).endpoint();
  }

  private static PortRequest tcp(int container, Integer host, String hostIp) {
    return new PortRequest("tcp", container, null, host, null, hostIp);
  }

  @Test
  void aHostPortTakenOnAnotherNetworkIsAConflictNamingTheHolder() {
    Endpoint holder = attach("a", "/run/netns/c1", tcp(80, 8080, null));
    AlreadyExists e = assertThrows(AlreadyExists.class, () -> attach("b", "/run/netns/c2", tcp(81, 8080, "10.1.2.3")));
    assertTrue(e.getMessage().contains(holder.shortId()) && e.getMessage().contains("'a'"), e.getMessage());
    assertEquals(1, store.read(v -> v.allEndpoints()).size(), "the refused attach left no record");
  }

  @Test
  void specificAddressesAndFamiliesShareAPort() {
    attach("a", "/run/netns/c1", tcp(80, 8080, "10.1.2.3"));
    attach("a", "/run/netns/c2", tcp(80, 8080, "10.1.2.4"));
    attach("d", "/run/netns/c3", tcp(80, 8080, "::"));
    attach("b", "/run/netns/c4", new PortRequest("udp", 80, null, 8080, null, null));
    assertThrows(AlreadyExists.class, () -> attach("b", "/run/netns/c5", tcp(80, 8080, "0.0.0.0")));
  }

  @Test
  void aHostAddressOfAFamilyTheNetworkLacksIsRefused() {
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> attach("b", "/run/netns/c1", tcp(80, 8080, "::")));
    assertTrue(e.getMessage().contains("ports[0].hostIp") && e.getMessage().contains("no IPv6 subnet"), e.getMessage());
    assertEquals(0, store.read(v -> v.allEndpoints()).size(), "nothing recorded");
    attach("d", "/run/netns/c2", tcp(80, 8080, "::"), tcp(80, 8081, "0.0.0.0"));
  }

  @Test
  void chosenPortsComeFromTheRangeAndAreNotReusedAtOnce() {
    Endpoint one = attach("a", "/run/netns/c1", tcp(80, null, null));
    int first = one.ports().get(0).hostPort();
    assertTrue(first >= 32768 && first <= 60999, "chosen " + first);
    crossnet.endpoints().detach("a", one.id());
    Endpoint two = attach("a", "/run/netns/c2", tcp(80, null, null));
    assertTrue(two.ports().get(0).hostPort() != first, "a freed port is not handed out again right away");
  }

  @Test
  void detachFreesThePort() {
    Endpoint one = attach("a", "/run/netns/c1", tcp(80, 8080, null));
    crossnet.endpoints().detach("a", one.id());
    assertEquals(8080, attach("b", "/run/netns/c2", tcp(80, 8080, null)).ports().get(0).hostPort());
  }

  @Test
  void aFailedAttachFreesItsPorts() {
    backend.failAttach = new BackendFailure("RTM_NEWLINK veth", "EBUSY", null);
    assertThrows(BackendFailure.class, () -> attach("a", "/run/netns/c1", tcp(80, 8080, null)));
    backend.failAttach = null;
    assertEquals(List.of(new PortMapping("tcp", null, 8080, 80, 1)), attach("a", "/run/netns/c1", tcp(80, 8080, null)).ports());
  }

  @Test
  void rangesBindEveryPort() {
    attach("a", "/run/netns/c1", new PortRequest("tcp", 80, 89, 9000, null, null));
    assertThrows(AlreadyExists.class, () -> attach("b", "/run/netns/c2", tcp(80, 9005, null)));
    assertEquals(9010, attach("b", "/run/netns/c3", tcp(80, 9010, null)).ports().get(0).hostPort());
  }

  @Test
  void anInternalNetworkPublishesNothing() {
    crossnet.networks().create(new NetworkRequest("i", "nat", null, null, null, true, false, null));
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> attach("i", "/run/netns/c1", tcp(80, 8080, null)));
    assertEquals("ports", e.errors().get(0).field());
  }

  @Test
  void theNetworksHostIpIsTheDefaultAddress() {
    crossnet.networks().create(request("h", "nat", Map.of("hostIp", "10.1.2.3"), null));
    assertEquals("10.1.2.3", attach("h", "/run/netns/c1", tcp(80, 8080, null)).ports().get(0).hostIp().toString());
  }
}
