package io.crossnet.windows.backend;

import static io.crossnet.windows.backend.Fixtures.assertJson;
import static io.crossnet.windows.backend.Fixtures.endpoint;
import static io.crossnet.windows.backend.Fixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.NetworkType;
import io.crossnet.windows.schema.Dns;
import io.crossnet.windows.schema.HnsJson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expected HNS endpoint documents: static addresses, MAC, routes, DNS, ports, OutBoundNAT. */
class EndpointDocumentsTest {
  private static final UUID NETWORK = UUID.fromString("6b0a3b7e-5f1c-4c52-9d1e-0123456789ab");
  private static final String NS = "1d2c3b4a-0000-4000-8000-00000000abcd";

  @Test
  void natEndpointWithPublishedPortsAndDns() {
    var net = network(NetworkType.NAT, false, Map.of(), "10.50.0.0/24", "10.50.0.1", "fd00:50::/64", "fd00:50::1");
    var ep = endpoint(NS, "10.50.0.2/24", "10.50.0.1", "fd00:50::2/64", "fd00:50::1");
    var ports = List.of(EndpointDocuments.port("tcp", 8080, 80, null),
        EndpointDocuments.port("udp", 5353, 53, "192.0.2.10"));
    var dns = new Dns(null, List.of("crossnet.local"), List.of("10.50.0.1"), null);
    assertJson("endpoint-nat-ports.json", HnsJson.write(EndpointDocuments.endpoint(net, ep, NETWORK, ports, dns)));
  }

  @Test
  void l2bridgeEndpointMasqueradesEverythingButItsSubnet() {
    var net = network(NetworkType.L2BRIDGE, false, Map.of(), "10.244.1.0/24", "10.244.1.1");
    var ep = endpoint(NS, "10.244.1.7/24", "10.244.1.1", null, null);
    assertJson("endpoint-l2bridge.json", HnsJson.write(EndpointDocuments.endpoint(net, ep, NETWORK, List.of(), null)));
  }

  @Test
  void internalEndpointHasNoDefaultRoute() {
    var net = network(NetworkType.BRIDGE, true, Map.of(), "10.50.0.0/24", "10.50.0.1");
    var ep = endpoint(NS, "10.50.0.2/24", "10.50.0.1", null, null);
    assertJson("endpoint-bridge-internal.json",
        HnsJson.write(EndpointDocuments.endpoint(net, ep, NETWORK, List.of(), null)));
  }

  @Test
  void portsOutsideNatAreRefusedWithTheReason() {
    var net = network(NetworkType.TRANSPARENT, false, Map.of("parent", "Ethernet2"), "192.168.10.0/24", "192.168.10.1");
    var ep = endpoint(NS, "192.168.10.7/24", "192.168.10.1", null, null);
    var e = assertThrows(Unsupported.class, () -> EndpointDocuments.endpoint(net, ep, NETWORK,
        List.of(EndpointDocuments.port("tcp", 8080, 80, null)), null));
    assertTrue(e.getMessage().contains("'nat' network"), e.getMessage());
    assertThrows(Unsupported.class, () -> EndpointDocuments.port("sctp", 1, 1, null));
  }

  @Test
  void anEndpointsPortsBecomeOnePolicyPerPort() {
    var base = endpoint(NS, "10.50.0.2/24", "10.50.0.1", null, null);
    var ep = new io.crossnet.core.model.Endpoint(base.id(), base.networkId(), base.sandbox(), base.interfaceName(), base.name(),
        base.aliases(), base.ipv4(), base.ipv6(), base.macAddress(), base.gateway4(), base.gateway6(), base.createdAt(),
        base.state(), base.objects(), List.of(
            new io.crossnet.core.model.PortMapping("tcp", null, 8080, 80, 2),
            new io.crossnet.core.model.PortMapping("udp", io.crossnet.core.model.IpAddress.parse("t", "192.0.2.10"), 5353, 53, 1),
            new io.crossnet.core.model.PortMapping("tcp", io.crossnet.core.model.IpAddress.parse("t", "0.0.0.0"), 9000, 90, 1)));
    assertEquals(List.of(EndpointDocuments.port("tcp", 8080, 80, null), EndpointDocuments.port("tcp", 8081, 81, null),
        EndpointDocuments.port("udp", 5353, 53, "192.0.2.10"), EndpointDocuments.port("tcp", 9000, 90, null)),
        EndpointDocuments.ports(ep));
  }
}
