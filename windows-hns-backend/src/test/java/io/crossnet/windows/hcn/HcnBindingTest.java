package io.crossnet.windows.hcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.ptr.PointerByReference;
import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.CrossnetException;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binding through real JNA calls into the stand-in's C ABI: GUIDs by reference, UTF-16 in
 * and out, handles, error records, and every out-buffer freed (the stand-in counts).
 */
class HcnBindingTest {
  private static final String QUERY = "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}";

  private Hcn hcn;
  private StandIn.Control control;

  @BeforeEach
  void setUp() {
    hcn = StandIn.hcn();
    control = StandIn.control();
    control.StandIn_Reset();
  }

  @AfterEach
  void nothingLeaked() {
    assertEquals(0, control.StandIn_Outstanding(), "CoTaskMem blocks not freed");
    assertEquals(0, control.StandIn_BadFrees(), "frees of blocks the stand-in never handed out");
    assertEquals(0, control.StandIn_OpenHandles(), "handles not closed");
    control.StandIn_Reset();
  }

  private static String network(String name, String type) {
    return "{\"Name\":\"" + name + "\",\"Type\":\"" + type + "\",\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}";
  }

  private static String upper(UUID id) {
    return id.toString().toUpperCase(Locale.ROOT);
  }

  @Test
  void guidAndUtf16SurviveTheCAbi() {
    UUID id = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    assertEquals(id, Guid.of(id).toUuid());
    String name = "cn-réseau-網絡-\uD83D\uDE80";
    String answer = hcn.networks().create(id, network(name, "NAT"), QUERY);
    assertTrue(answer.contains("\"ID\":\"0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9\""), answer);
    assertTrue(answer.contains(name), answer);
    assertTrue(control.StandIn_Allocations() > 0, "the result came from a CoTaskMem block");
    hcn.networks().delete(id);
  }

  @Test
  void networkLifecycle() {
    UUID id = UUID.randomUUID();
    String created = hcn.networks().create(id, network("cn-a", "NAT"), QUERY);
    assertTrue(created.contains("\"State\":1"), created);
    assertTrue(hcn.networks().enumerate(QUERY).contains(upper(id)));
    assertTrue(hcn.networks().query(id, QUERY).contains("\"Name\":\"cn-a\""));
    String modified = hcn.networks().modify(id, "{\"ResourceType\":\"Policy\",\"RequestType\":\"Add\",\"Settings\":"
        + "{\"Policies\":[{\"Type\":\"ProviderAddress\",\"Settings\":{\"ProviderAddress\":\"192.0.2.10\"}}]}}", QUERY);
    assertTrue(modified.contains("192.0.2.10"), modified);
    hcn.networks().delete(id);
    assertEquals("[]", hcn.networks().enumerate(QUERY));
    assertInstanceOf(NotFound.class, assertThrows(CrossnetException.class, () -> hcn.networks().query(id, QUERY)));
  }

  @Test
  void endpointLifecycleOnItsNetwork() {
    UUID net = UUID.randomUUID();
    UUID ep = UUID.randomUUID();
    hcn.networks().create(net, network("cn-b", "NAT"), QUERY);
    String created = hcn.endpoints().create(net, ep, "{\"Name\":\"cn-e\",\"IpConfigurations\":[{\"IpAddress\":"
        + "\"10.50.0.2\",\"PrefixLength\":24}],\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}", QUERY);
    assertTrue(created.contains("\"HostComputeNetwork\":\"" + upper(net) + "\""), created);
    assertTrue(hcn.endpoints().enumerate(QUERY).contains(upper(ep)));
    String modified = hcn.endpoints().modify(ep, "{\"ResourceType\":\"Policy\",\"RequestType\":\"Add\",\"Settings\":"
        + "{\"Policies\":[{\"Type\":\"PortMapping\",\"Settings\":{\"Protocol\":6,\"ExternalPort\":8080}}]}}", QUERY);
    assertTrue(modified.contains("8080"), modified);
    CrossnetException busy = assertThrows(CrossnetException.class, () -> hcn.networks().delete(net));
    assertTrue(busy.getMessage().contains("HCN_E_ENTITY_HAS_REFERENCES"), busy.getMessage());
    hcn.endpoints().delete(ep);
    hcn.networks().delete(net);
  }

  @Test
  void namespaceTakesAndReleasesAnEndpoint() {
    UUID net = UUID.randomUUID();
    UUID ep = UUID.randomUUID();
    UUID ns = UUID.randomUUID();
    hcn.networks().create(net, network("cn-c", "NAT"), QUERY);
    hcn.endpoints().create(net, ep, "{\"Name\":\"cn-e\",\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}", QUERY);
    hcn.namespaces().create(ns, "{\"Type\":\"Host\",\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}", QUERY);
    String add = "{\"ResourceType\":\"Endpoint\",\"RequestType\":\"Add\",\"Settings\":{\"EndpointId\":\"" + ep + "\"}}";
    String attached = hcn.namespaces().modify(ns, add, QUERY);
    assertTrue(attached.contains("{\"Type\":\"Endpoint\",\"Data\":{\"ID\":\"" + upper(ep) + "\"}}"), attached);
    assertTrue(hcn.endpoints().query(ep, QUERY).contains("\"HostComputeNamespace\":\"" + upper(ns) + "\""));
    CrossnetException twice = assertThrows(CrossnetException.class, () -> hcn.namespaces().modify(ns, add, QUERY));
    assertInstanceOf(AlreadyExists.class, twice);
    assertTrue(twice.getMessage().contains("0x803B002B"), twice.getMessage());
    String remove = add.replace("\"Add\"", "\"Remove\"");
    assertFalse(hcn.namespaces().modify(ns, remove, QUERY).contains(upper(ep)));
    assertTrue(hcn.namespaces().enumerate(QUERY).contains(upper(ns)));
    hcn.namespaces().delete(ns);
    hcn.endpoints().delete(ep);
    hcn.networks().delete(net);
  }

  @Test
  void loadBalancerLifecycle() {
    UUID lb = UUID.randomUUID();
    String doc = "{\"FrontendVIPs\":[\"10.0.0.100\"],\"PortMappings\":[{\"Protocol\":6,\"InternalPort\":80,"
        + "\"ExternalPort\":8080}],\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}";
    assertTrue(hcn.loadBalancers().create(lb, doc, QUERY).contains("10.0.0.100"));
    assertTrue(hcn.loadBalancers().enumerate(QUERY).contains(upper(lb)));
    assertTrue(hcn.loadBalancers().query(lb, QUERY).contains("\"ExternalPort\":8080"));
    // HNS changes load balancers by delete and create (hcsshim's AddEndpoint does the same)
    assertInstanceOf(Unsupported.class,
        assertThrows(CrossnetException.class, () -> hcn.loadBalancers().modify(lb, "{\"ResourceType\":\"Policy\","
            + "\"RequestType\":\"Add\",\"Settings\":{}}", QUERY)));
    hcn.loadBalancers().delete(lb);
    assertInstanceOf(NotFound.class, assertThrows(CrossnetException.class, () -> hcn.loadBalancers().delete(lb)));
  }

  @Test
  void duplicateNetworkNameIsAlreadyExistsWithHnsText() {
    hcn.networks().create(UUID.randomUUID(), network("cn-dup", "NAT"), QUERY);
    CrossnetException e = assertThrows(CrossnetException.class,
        () -> hcn.networks().create(UUID.randomUUID(), network("cn-dup", "NAT"), QUERY));
    assertInstanceOf(AlreadyExists.class, e);
    assertTrue(e.getMessage().contains("HCN_E_NETWORK_ALREADY_EXISTS 0x803B0010 from HcnCreateNetwork"), e.getMessage());
    assertTrue(e.getMessage().contains("A network with name \"cn-dup\" already exists"), e.getMessage());
  }

  @Test
  void publishedPortInUseIsAlreadyExists() {
    UUID net = UUID.randomUUID();
    hcn.networks().create(net, network("cn-p", "NAT"), QUERY);
    String ep = "{\"Policies\":[{\"Type\":\"PortMapping\",\"Settings\":{\"Protocol\":6,\"InternalPort\":80,"
        + "\"ExternalPort\":8080}}],\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}";
    UUID first = UUID.randomUUID();
    hcn.endpoints().create(net, first, ep, QUERY);
    CrossnetException e = assertThrows(CrossnetException.class,
        () -> hcn.endpoints().create(net, UUID.randomUUID(), ep, QUERY));
    assertInstanceOf(AlreadyExists.class, e);
    assertTrue(e.getMessage().contains("0x803B0013"), e.getMessage());
    assertTrue(e.getMessage().contains("protocol 6 port 8080"), e.getMessage());
    hcn.endpoints().delete(first);
    hcn.networks().delete(net);
  }

  @Test
  void malformedDocumentsAndUnknownIdsAreRejected() {
    CrossnetException json = assertThrows(CrossnetException.class,
        () -> hcn.networks().create(UUID.randomUUID(), "{\"Name\":", QUERY));
    BackendFailure invalid = assertInstanceOf(BackendFailure.class, json);
    assertEquals("HcnCreateNetwork", invalid.operation());
    assertEquals("0x803B001B HCN_E_INVALID_JSON", invalid.code());
    assertInstanceOf(Unsupported.class, assertThrows(CrossnetException.class,
        () -> hcn.networks().create(UUID.randomUUID(), network("cn-t", "Bogus"), QUERY)));
    CrossnetException missing = assertThrows(CrossnetException.class, () -> hcn.networks().delete(UUID.randomUUID()));
    assertInstanceOf(NotFound.class, missing);
    assertTrue(missing.getMessage().contains("HCN_E_NETWORK_NOT_FOUND 0x803B0001"), missing.getMessage());
    assertInstanceOf(NotFound.class, assertThrows(CrossnetException.class,
        () -> hcn.endpoints().create(UUID.randomUUID(), UUID.randomUUID(), "{}", QUERY)));
    assertInstanceOf(NotFound.class, assertThrows(CrossnetException.class,
        () -> hcn.namespaces().query(UUID.randomUUID(), QUERY)));
  }

  @Test
  void injectedFailureSurfacesHresultAndErrorRecord() {
    control.StandIn_FailNext("HcnEnumerateNetworks", HcnErrors.HCN_E_MANAGER_STOPPED,
        new Utf16("{\"Success\":false,\"Error\":\"Der Dienst wird beendet – bitte warten\",\"ErrorCode\":2151350304}"));
    BackendFailure e = assertThrows(BackendFailure.class, () -> hcn.networks().enumerate(QUERY));
    assertEquals("0x803B0020 HCN_E_MANAGER_STOPPED", e.code());
    assertTrue(e.getMessage().contains("Der Dienst wird beendet – bitte warten"), e.getMessage());
    assertTrue(e.getMessage().contains("Get-Service hns"), e.getMessage());
  }

  @Test
  void errorRecordWithSuccessCodeIsStillAFailure() {
    control.StandIn_FailNext("HcnDeleteNetwork", 0, new Utf16("{\"Error\":\"partially deleted\"}"));
    BackendFailure e = assertThrows(BackendFailure.class, () -> hcn.networks().delete(UUID.randomUUID()));
    assertEquals("0x00000000", e.code());
    assertTrue(e.getMessage().contains("partially deleted"), e.getMessage());
  }

  @Test
  void theLeakCheckSeesABufferNobodyFreed() {
    ComputeNetwork raw = Native.load(System.getProperty(Hcn.LIBRARY_PROPERTY), ComputeNetwork.class);
    CoTaskMem memory = Native.load(System.getProperty(Hcn.MEMORY_PROPERTY), CoTaskMem.class);
    PointerByReference ids = new PointerByReference();
    PointerByReference record = new PointerByReference();
    assertEquals(0, raw.HcnEnumerateNetworks(new Utf16(QUERY), ids, record));
    assertEquals(1, control.StandIn_Outstanding());
    assertEquals("[]", Utf16.read(ids.getValue()));
    memory.CoTaskMemFree(ids.getValue());
    assertEquals(0, control.StandIn_Outstanding());
    memory.CoTaskMemFree(ids.getValue());
    assertEquals(1, control.StandIn_BadFrees(), "a double free is counted");
    control.StandIn_Reset();
  }

  @Test
  void failedQueryStillClosesTheHandle() {
    UUID id = UUID.randomUUID();
    hcn.networks().create(id, network("cn-q", "NAT"), QUERY);
    control.StandIn_FailNext("HcnQueryNetworkProperties", 0x80070057, null);
    assertThrows(BackendFailure.class, () -> hcn.networks().query(id, QUERY));
    assertEquals(0, control.StandIn_OpenHandles());
    hcn.networks().delete(id);
  }
}
