package io.crossnet.windows.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** crossnet records for the document tests, and comparison against the JSON files in {@code schema/}. */
final class Fixtures {
  static final String NETWORK_ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String ENDPOINT_ID = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private Fixtures() {}

  /** {@code subnets} as {@code prefix gateway} pairs, e.g. {@code "10.50.0.0/24", "10.50.0.1"}. */
  static Network network(NetworkType type, boolean internal, Map<String, String> options, String... subnets) {
    List<Subnet> list = new ArrayList<>();
    for (int i = 0; i < subnets.length; i += 2) {
      list.add(new Subnet(IpPrefix.parse("subnet", subnets[i]), IpAddress.parse("gateway", subnets[i + 1]), null, null));
    }
    return new Network(NETWORK_ID, "net", type, Scope.LOCAL, internal, list, options, Map.of(), Instant.EPOCH,
        LifecycleState.PENDING, List.of());
  }

  static Endpoint endpoint(String sandbox, String ipv4, String gateway4, String ipv6, String gateway6) {
    return new Endpoint(ENDPOINT_ID, NETWORK_ID, new SandboxRef(sandbox), "eth0", "web", List.of(),
        ipv4 == null ? null : IpPrefix.parse("ipv4", ipv4), ipv6 == null ? null : IpPrefix.parse("ipv6", ipv6),
        "02:42:fe:dc:ba:98", gateway4 == null ? null : IpAddress.parse("gw4", gateway4),
        gateway6 == null ? null : IpAddress.parse("gw6", gateway6), Instant.EPOCH, LifecycleState.PENDING, List.of());
  }

  static JsonNode expected(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/schema/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture schema/" + file);
      }
      return PLAIN.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares as JSON trees: member order is free, names and values are exact. */
  static void assertJson(String file, String actual) {
    try {
      assertEquals(expected(file), PLAIN.readTree(actual), "document differs from schema/" + file + ": " + actual);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
