package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 4xx problem+json that says what is wrong, and changes nothing: the store,
 * the links in the host namespace and the sandbox are exactly as before.
 */
@Privileged
class BadInputIT extends ServiceFixture {
  private TestNetns sandbox;
  private String before;

  @BeforeAll
  void seed() {
    sandbox = topo.sandbox("bad");
    assertEquals(201, http.post("/v1/networks", "{\"name\":\"taken\",\"ipam\":{\"config\":[{\"subnet\":\"10.70.0.0/24\"}]}}").status());
    assertEquals(201, http.post("/v1/networks",
        "{\"name\":\"dual\",\"ipam\":{\"config\":[{\"subnet\":\"10.69.0.0/24\"},{\"subnet\":\"fd00:69::/64\"}]}}").status());
    Reply e = http.post("/v1/networks/taken/endpoints", "{\"sandbox\":\"" + sandbox.path() + "\",\"ipv4Address\":\"10.70.0.9\"}");
    assertEquals(201, e.status(), e::toString);
  }

  @BeforeEach
  void snapshot() {
    before = state();
  }

  @AfterEach
  void nothingChanged() {
    assertEquals(before, state(), "a rejected request changed something");
  }

  @Test
  void badCidr() {
    rejected(http.post("/v1/networks", netJson("n1", "{\"subnet\":\"10.80.0.0/33\"}")), 400, "ipam.config[0].subnet");
    rejected(http.post("/v1/networks", netJson("n1", "{\"subnet\":\"10.80.0.300/24\"}")), 400, "ipam.config[0].subnet");
    rejected(http.post("/v1/networks", netJson("n1", "{\"subnet\":\"10.80.0.7/24\"}")), 400, "ipam.config[0].subnet");
  }

  @Test
  void gatewayOutsideTheSubnet() {
    rejected(http.post("/v1/networks", netJson("n2", "{\"subnet\":\"10.81.0.0/24\",\"gateway\":\"10.9.0.1\"}")), 400, "ipam.config[0].gateway");
  }

  @Test
  void overlappingSubnet() {
    rejected(http.post("/v1/networks", netJson("n3", "{\"subnet\":\"10.70.0.128/25\"}")), 409, null);
    rejected(http.post("/v1/networks", netJson("n3", "{\"subnet\":\"10.0.0.0/8\"}")), 409, null);
  }

  @Test
  void duplicateName() {
    rejected(http.post("/v1/networks", netJson("taken", "{\"subnet\":\"10.82.0.0/24\"}")), 409, null);
  }

  @Test
  void unknownDriver() {
    rejected(http.post("/v1/networks", "{\"name\":\"n4\",\"driver\":\"warp\"}"), 400, "driver");
  }

  @Test
  void badNameAndSeveralErrorsAtOnce() {
    Reply r = http.post("/v1/networks", "{\"name\":\"no/slash\",\"driver\":\"warp\",\"ipam\":{\"config\":[{\"subnet\":\"x\"}]}}");
    rejected(r, 400, "name");
    assertEquals(3, r.json().get("errors").size(), r::toString);
  }

  @Test
  void malformedAndMissingBodies() {
    rejected(http.post("/v1/networks", "{\"name\":"), 400, null);
    rejected(http.post("/v1/networks", "{\"name\":\"n5\",\"internal\":\"maybe\"}"), 400, null);
    rejected(http.send("POST", "/v1/networks", null), 400, null);
  }

  @Test
  void staticAddressOutsideTheSubnetOrTaken() {
    TestNetns other = topo.sandbox("bad2");
    rejected(attach("taken", other.path(), "\"ipv4Address\":\"10.71.0.5\""), 400, "ipv4Address");
    rejected(attach("taken", other.path(), "\"ipv4Address\":\"10.70.0.1\""), 400, "ipv4Address");
    rejected(attach("taken", other.path(), "\"ipv4Address\":\"10.70.0.9\""), 409, null);
  }

  @Test
  void missingSandbox() {
    rejected(attach("taken", "/var/run/netns/cn-missing-" + Long.toHexString(ThreadLocalRandom.current().nextLong()), null), 400, "sandbox");
  }

  @Test
  void pathThatIsNotANetworkNamespace() throws Exception {
    rejected(attach("taken", "/etc/passwd", null), 400, "sandbox");
    Path plain = Path.of("/var/run/netns/cn-plain-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL));
    Files.createDirectories(plain.getParent());
    Files.writeString(plain, "not a namespace");
    try {
      Reply r = rejected(attach("taken", plain.toString(), null), 400, "sandbox");
      assertTrue(r.json().get("detail").asText().contains("not a network namespace"), r::toString);
    } finally {
      Files.deleteIfExists(plain);
    }
  }

  @Test
  void badPublishedPorts() {
    TestNetns other = topo.sandbox("bad3");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":0,\"hostPort\":8080}")), 400, "ports[0].containerPort");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"hostPort\":65536}")), 400, "ports[0].hostPort");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":90,\"containerPortEnd\":80}")), 400, "ports[0].containerPortEnd");
    rejected(attach("taken", other.path(), ports("{\"protocol\":\"icmp\",\"containerPort\":80}")), 400, "ports[0].protocol");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"hostIp\":\"203.0.113.9\"}")), 400, "ports[0].hostIp");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"hostPort\":8080},{\"containerPort\":81,\"hostPort\":8080}")),
        400, "ports[1]");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":\"eighty\"}")), 400, null);
  }

  @Test
  void morePortMistakes() {
    TestNetns other = topo.sandbox("bad4");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"hostPort\":0}")), 400, "ports[0].hostPort");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"containerPortEnd\":82,\"hostPort\":8082,\"hostPortEnd\":8080}")),
        400, "ports[0].hostPortEnd");
    rejected(attach("taken", other.path(), ports("{\"containerPort\":-1}")), 400, "ports[0].containerPort");
    rejected(attach("taken", other.path(), ports("{\"protocol\":\"\",\"containerPort\":80}")), 400, "ports[0].protocol");
    // all addresses of both families clash with all IPv6 addresses
    rejected(attach("dual", other.path(), ports("{\"containerPort\":80,\"hostPort\":8080},{\"containerPort\":81,\"hostPort\":8080,\"hostIp\":\"::\"}")),
        400, "ports[1]");
    rejected(attach("dual", other.path(), ports("{\"containerPort\":80,\"hostIp\":\"2001:db8::99\"}")), 400, "ports[0].hostIp");
    rejected(attach("dual", other.path(), ports("{\"containerPort\":80,\"hostIp\":\"[2001:db8::1]\"}")), 400, "ports[0].hostIp");
    // an IPv6 host address on a network without IPv6: its endpoints have no address to forward to
    rejected(attach("taken", other.path(), ports("{\"containerPort\":80,\"hostIp\":\"" + HostTopology.HOST_UPLINK6 + "\"}")),
        400, "ports[0].hostIp");
  }

  @Test
  void badNetworkOptions() {
    String[][] cases = {
        {"{\"icc\":\"maybe\"}", "options.icc"},
        {"{\"icc\":\"FALSE\"}", "options.icc"},
        {"{\"masquerade\":\"yes\"}", "options.masquerade"},
        {"{\"mtu\":\"10\"}", "options.mtu"},
        {"{\"mtu\":\"1500x\"}", "options.mtu"},
        {"{\"bridgeName\":\"no spaces\"}", "options.bridgeName"},
        {"{\"bridgeName\":\"lo\"}", "options.bridgeName"},
        {"{\"hostIp\":\"203.0.113.9\"}", "options.hostIp"},
        {"{\"hostIp\":\"" + HostTopology.HOST_UPLINK6 + "\"}", "options.hostIp"},
        {"{\"hostIp\":\"not-an-address\"}", "options.hostIp"},
    };
    for (String[] c : cases) {
      rejected(http.post("/v1/networks", "{\"name\":\"o1\",\"driver\":\"nat\",\"options\":" + c[0]
          + ",\"ipam\":{\"config\":[{\"subnet\":\"10.83.0.0/24\"}]}}"), 400, c[1]);
    }
    // options are strings (as Docker's are): a JSON boolean or number is the wrong type
    rejected(http.post("/v1/networks", "{\"name\":\"o2\",\"options\":{\"icc\":false}}"), 400, null);
    rejected(http.post("/v1/networks", "{\"name\":\"o3\",\"options\":{\"icc\":0}}"), 400, null);
    rejected(http.post("/v1/networks", "{\"name\":\"o4\",\"options\":{\"mtu\":1500}}"), 400, null);
  }

  private static String ports(String items) {
    return "\"ports\":[" + items + "]";
  }

  @Test
  void unknownNetworkAndEndpoint() {
    rejected(http.get("/v1/networks/nope"), 404, null);
    rejected(attach("nope", sandbox.path(), null), 404, null);
    rejected(http.delete("/v1/networks/taken/endpoints/nope"), 404, null);
  }

  @Test
  void deletingANetworkWithEndpointsIsRefused() {
    rejected(http.delete("/v1/networks/taken"), 409, null);
  }

  private String netJson(String name, String pool) {
    return "{\"name\":\"" + name + "\",\"driver\":\"nat\",\"ipam\":{\"config\":[" + pool + "]}}";
  }

  private Reply attach(String network, String sandboxPath, String extra) {
    return http.post("/v1/networks/" + network + "/endpoints",
        "{\"sandbox\":\"" + sandboxPath + "\"" + (extra == null ? "" : "," + extra) + "}");
  }

  /** Each address as interface, family and prefix: the kernel's flags (an IPv6 link-local leaving 'tentative') change on their own. */
  private static String addresses(TestNetns ns) {
    return ns.sh("ip", "-o", "addr", "show").lines()
        .map(l -> l.trim().split("\\s+"))
        .map(f -> f[1] + " " + f[2] + " " + f[3])
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static Reply rejected(Reply r, int status, String field) {
    assertEquals(status, r.status(), r::toString);
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonNode p = r.json();
    assertEquals(status, p.get("status").asInt());
    assertTrue(p.get("type").asText().startsWith("https://crossnet.io/problems/"), r::toString);
    assertFalse(p.get("detail").asText().isBlank(), r::toString);
    if (field != null) {
      List<String> fields = new java.util.ArrayList<>();
      p.get("errors").forEach(e -> fields.add(e.get("field").asText()));
      assertTrue(fields.contains(field), "expected an error on " + field + ": " + r);
    }
    return r;
  }

  /** Everything a request could have changed. */
  private String state() {
    return http.get("/v1/networks").body() + "\n" + http.get("/v1/networks/taken/endpoints").body() + "\n"
        + http.get("/v1/networks/dual/endpoints").body() + "\n"
        + topo.crossnetLinks() + "\n" + addresses(topo.host()) + "\n" + addresses(sandbox) + "\n"
        + Shell.in(topo.host(), "nft", "list", "table", "inet", "crossnet").out();
  }
}
