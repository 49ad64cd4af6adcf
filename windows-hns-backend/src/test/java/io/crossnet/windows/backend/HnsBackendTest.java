package io.crossnet.windows.backend;

import static io.crossnet.windows.backend.Fixtures.endpoint;
import static io.crossnet.windows.backend.Fixtures.network;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.windows.hcn.Hcn;
import io.crossnet.windows.hcn.StandIn;
import io.crossnet.windows.schema.HostComputeQuery;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backend SPI through the real binding into the stand-in: the calls the flows make, twice where they retry. */
class HnsBackendTest {
  private static final String QUERY = HostComputeQuery.DEFAULT.json();

  private Hcn hcn;
  private HnsBackend backend;
  private UUID namespace;

  @BeforeEach
  void setUp() {
    hcn = StandIn.hcn();
    StandIn.control().StandIn_Reset();
    backend = HnsBackend.load();
    // the container runtime creates the namespace; crossnet only joins endpoints to it
    namespace = UUID.randomUUID();
    hcn.namespaces().create(namespace, "{\"Type\":\"Host\",\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}", QUERY);
  }

  @AfterEach
  void nothingLeaked() {
    StandIn.Control c = StandIn.control();
    assertEquals(0, c.StandIn_Outstanding(), "CoTaskMem blocks not freed");
    assertEquals(0, c.StandIn_BadFrees());
    assertEquals(0, c.StandIn_OpenHandles(), "handles not closed");
    c.StandIn_Reset();
  }

  private Network nat() {
    return network(NetworkType.NAT, false, Map.of(), "10.50.0.0/24", "10.50.0.1");
  }

  private Endpoint web() {
    return endpoint(namespace.toString(), "10.50.0.2/24", "10.50.0.1", null, null);
  }

  @Test
  void everyRealTypeIsSupportedAndNamed() {
    assertEquals("windows-hns", backend.name());
    for (NetworkType t : NetworkType.values()) {
      // host and none are Linux-only pseudo-types: records without an interface
      assertEquals(t.hasAddresses(), backend.capabilities().support(t).supported(), t.wireName());
    }
    assertEquals(List.of("cn-" + Fixtures.NETWORK_ID), backend.plan(nat()));
    assertEquals(List.of("cn-" + Fixtures.ENDPOINT_ID), backend.plan(nat(), web()));
  }

  @Test
  void networkCreateAndDeleteConverge() {
    backend.createNetwork(nat());
    backend.createNetwork(nat());
    assertEquals(List.of(new OwnedObject("hns-network", "cn-" + Fixtures.NETWORK_ID, Fixtures.NETWORK_ID)),
        backend.listOwned());
    backend.deleteNetwork(nat());
    backend.deleteNetwork(nat());
    assertEquals(List.of(), backend.listOwned());
  }

  @Test
  void attachJoinsTheNamespaceAndDetachUndoesIt() {
    backend.createNetwork(nat());
    backend.attach(nat(), web());
    backend.attach(nat(), web());
    UUID ep = HnsNames.endpointGuid(Fixtures.ENDPOINT_ID);
    String ns = hcn.namespaces().query(namespace, QUERY);
    assertTrue(ns.contains(HnsNames.text(ep)), ns);
    String hnsEndpoint = hcn.endpoints().query(ep, QUERY);
    assertTrue(hnsEndpoint.contains("\"IpAddress\":\"10.50.0.2\""), hnsEndpoint);
    assertTrue(hnsEndpoint.contains("\"MacAddress\":\"02-42-FE-DC-BA-98\""), hnsEndpoint);
    assertTrue(backend.listOwned().contains(new OwnedObject("hns-endpoint", "cn-" + Fixtures.ENDPOINT_ID,
        Fixtures.ENDPOINT_ID)));

    BackendFailure busy = assertThrows(BackendFailure.class, () -> backend.deleteNetwork(nat()));
    assertEquals("0x803B002C HCN_E_ENTITY_HAS_REFERENCES", busy.code());

    backend.detach(nat(), web());
    backend.detach(nat(), web());
    assertFalse(hcn.namespaces().query(namespace, QUERY).contains(HnsNames.text(ep)));
    assertEquals("[]", hcn.endpoints().enumerate(QUERY));
    backend.deleteNetwork(nat());
  }

  /** A pass's enumeration stands for a query per endpoint; one it did not list is queried, and made again if gone. */
  @Test
  void aRepairAgainstAListingQueriesOnlyWhatTheListingLacks() {
    backend.createNetwork(nat());
    backend.attach(nat(), web());
    UUID ep = HnsNames.endpointGuid(Fixtures.ENDPOINT_ID);
    assertFalse(backend.repair(nat(), web(), backend.listOwned()));
    assertFalse(backend.repair(nat(), web(), List.of()), "not listed, but there when queried");

    backend.detach(nat(), web());
    assertTrue(backend.repair(nat(), web(), backend.listOwned()));
    assertTrue(hcn.endpoints().query(ep, QUERY).contains("\"IpAddress\":\"10.50.0.2\""));
    assertTrue(hcn.namespaces().query(namespace, QUERY).contains(HnsNames.text(ep)));

    backend.detach(nat(), web());
    backend.deleteNetwork(nat());
  }

  @Test
  void foreignObjectsAreNotListedAsOwned() {
    hcn.networks().create(UUID.randomUUID(), "{\"Name\":\"nat\",\"Type\":\"NAT\",\"SchemaVersion\":{\"Major\":2,"
        + "\"Minor\":0}}", QUERY);
    hcn.networks().create(UUID.randomUUID(), "{\"Name\":\"cn-not-an-id\",\"Type\":\"NAT\",\"SchemaVersion\":"
        + "{\"Major\":2,\"Minor\":0}}", QUERY);
    assertEquals(List.of(), backend.listOwned());
  }

  @Test
  void sandboxesAreHnsNamespaces() {
    backend.checkSandbox(new SandboxRef(namespace.toString()));
    assertTrue(backend.sandboxExists(new SandboxRef(namespace.toString())));
    assertInstanceOf(InvalidRequest.class,
        assertThrows(RuntimeException.class, () -> backend.checkSandbox(new SandboxRef("/var/run/netns/x"))));
    SandboxRef gone = new SandboxRef(UUID.randomUUID().toString());
    assertFalse(backend.sandboxExists(gone));
    InvalidRequest e = assertThrows(InvalidRequest.class, () -> backend.checkSandbox(gone));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void attachToANetworkHnsLostIsNotFound() {
    var e = assertThrows(RuntimeException.class, () -> backend.attach(nat(), web()));
    assertTrue(e.getMessage().contains("HCN_E_NETWORK_NOT_FOUND"), e.getMessage());
  }

  @Test
  void validateRefusesWhatHnsCannotHonour() {
    assertThrows(Unsupported.class, () -> backend.validate(network(NetworkType.NAT, true, Map.of(), "10.1.0.0/24",
        "10.1.0.1")));
    assertThrows(Unsupported.class, () -> backend.validate(network(NetworkType.NAT, false, Map.of("mtu", "1400"),
        "10.1.0.0/24", "10.1.0.1")));
    assertThrows(Unsupported.class, () -> backend.validate(network(NetworkType.MACVLAN, false,
        Map.of("parent", "eth0", "mode", "vepa"), "10.1.0.0/24", "10.1.0.1")));
    InvalidRequest vni = assertThrows(InvalidRequest.class, () -> backend.validate(network(NetworkType.OVERLAY, false,
        Map.of("vni", "42"), "10.1.0.0/24", "10.1.0.1")));
    assertEquals("options.vni", vni.errors().get(0).field());
    InvalidRequest parent = assertThrows(InvalidRequest.class, () -> backend.validate(network(NetworkType.TRANSPARENT,
        false, Map.of(), "10.1.0.0/24", "10.1.0.1")));
    assertEquals("options.parent", parent.errors().get(0).field());
    backend.validate(network(NetworkType.OVERLAY, false, Map.of("vni", "4096"), "10.1.0.0/24", "10.1.0.1"));
    backend.validate(nat());
  }

  @Test
  void everyNetworkTypeIsAcceptedByTheStandIn() {
    Map<NetworkType, Map<String, String>> options = Map.of(
        NetworkType.NAT, Map.of(),
        NetworkType.BRIDGE, Map.of(),
        NetworkType.TRANSPARENT, Map.of("parent", "Ethernet2"),
        NetworkType.MACVLAN, Map.of("parent", "Ethernet2", "vlan", "42"),
        NetworkType.L2BRIDGE, Map.of("parent", "Ethernet2"),
        NetworkType.OVERLAY, Map.of("vni", "4097", "hostIp", "192.0.2.10"));
    for (var e : options.entrySet()) {
      Network n = network(e.getKey(), false, e.getValue(), "10.60.0.0/24", "10.60.0.1");
      backend.validate(n);
      backend.createNetwork(n);
      backend.attach(n, endpoint(namespace.toString(), "10.60.0.5/24", "10.60.0.1", null, null));
      backend.detach(n, endpoint(namespace.toString(), "10.60.0.5/24", "10.60.0.1", null, null));
      backend.deleteNetwork(n);
    }
  }
}
