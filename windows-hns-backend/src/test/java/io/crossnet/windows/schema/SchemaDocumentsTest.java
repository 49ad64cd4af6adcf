package io.crossnet.windows.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field names exactly as HNS spells them, and reading what HNS answers (with members crossnet ignores). */
class SchemaDocumentsTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private static JsonNode fixture(String file) throws IOException {
    try (InputStream in = SchemaDocumentsTest.class.getResourceAsStream("/schema/" + file)) {
      return PLAIN.readTree(in);
    }
  }

  private static String text(String file) throws IOException {
    try (InputStream in = SchemaDocumentsTest.class.getResourceAsStream("/schema/" + file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void defaultQuery() throws IOException {
    assertEquals(fixture("query-default.json"), PLAIN.readTree(HostComputeQuery.DEFAULT.json()));
  }

  @Test
  void namespaceAddEndpoint() throws IOException {
    assertEquals(fixture("namespace-add-endpoint.json"),
        PLAIN.readTree(ModifySettingRequest.addNamespaceEndpoint("1D2C3B4A-0000-4000-8000-00000000ABCD").json()));
  }

  @Test
  void loadBalancer() throws IOException {
    var lb = new HostComputeLoadBalancer(null, List.of("1D2C3B4A-0000-4000-8000-00000000ABCD"), "10.50.0.254",
        List.of("10.96.0.10"), List.of(new LoadBalancerPortMapping(6, 80, 8080, null)), SchemaVersion.V2);
    assertEquals(fixture("loadbalancer.json"), PLAIN.readTree(HnsJson.write(lb)));
  }

  @Test
  void readsAnHnsAnswerWithMembersCrossnetDoesNotModel() throws IOException {
    HostComputeNetwork n = HnsJson.read(text("network-answer.json"), HostComputeNetwork.class, "test");
    assertEquals("6B0A3B7E-5F1C-4C52-9D1E-0123456789AB", n.id());
    assertEquals("NAT", n.type());
    assertEquals(8, n.flags());
    assertEquals(new SchemaVersion(2, 16), n.schemaVersion());
    assertEquals("172.29.16.0/20", n.ipams().get(0).subnets().get(0).ipAddressPrefix());
    assertEquals(new ProviderAddressPolicySetting("192.0.2.10"),
        n.policies().get(0).settings(ProviderAddressPolicySetting.class));
    // a policy type crossnet does not model survives untouched
    assertEquals("SomethingNewer", n.policies().get(1).type());
    assertEquals(2, n.policies().get(1).settings().get("Whatever").size());
    assertNull(n.dns());
  }

  @Test
  void namespaceListsItsEndpoints() {
    String answer = "{\"ID\":\"N\",\"NamespaceId\":7,\"Type\":\"Host\",\"Resources\":[{\"Type\":\"Container\","
        + "\"Data\":{\"ID\":\"C\"}},{\"Type\":\"Endpoint\",\"Data\":{\"ID\":\"E1\"}}],\"SchemaVersion\":{\"Major\":2,"
        + "\"Minor\":0}}";
    assertEquals(List.of("E1"), HnsJson.read(answer, HostComputeNamespace.class, "test").endpointIds());
  }
}
