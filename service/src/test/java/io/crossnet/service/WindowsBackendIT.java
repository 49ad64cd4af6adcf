package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.service.testing.ServiceProcess;
import io.crossnet.service.testing.UnixHttp;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same REST API served by the Windows backend: the packaged service with
 * {@code crossnet.backend=windows-hns}, its JNA binding loading the HCN stand-in (built here with
 * gcc from the windows-hns-backend test sources) in place of computenetwork.dll.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowsBackendIT {
  private final String ns1 = UUID.randomUUID().toString();
  private final String ns2 = UUID.randomUUID().toString();
  private ServiceProcess service;
  private UnixHttp http;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path lib = buildStandIn(dir);
    service = new ServiceProcess(dir, Map.of("crossnet.backend", "windows-hns", "crossnet.windows.hns-library", lib.toString()))
        .env("HCN_STANDIN_NAMESPACES", ns1 + "," + ns2);
    service.start();
    http = service.http();
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void networksEndpointsAndPortsThroughHns() {
    assertEquals("windows-hns", http.get("/v1/info").json().get("backend").asText());
    Reply net = http.post("/v1/networks", "{\"name\":\"web\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.50.0.0/24\",\"gateway\":\"10.50.0.1\"}]}}");
    assertEquals(201, net.status(), net::toString);

    Reply a = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + ns1 + "\",\"name\":\"c1\",\"ports\":[{\"protocol\":\"tcp\",\"containerPort\":80,\"hostPort\":8080}]}");
    assertEquals(201, a.status(), a::toString);
    JsonNode ep = a.json();
    assertEquals("10.50.0.2/24", ep.get("ipv4Address").asText());
    assertEquals(8080, ep.get("ports").get(0).get("hostPort").asInt());
    assertTrue(ep.get("dns") == null || ep.get("dns").isNull(), "HNS answers DNS itself: crossnet sets no resolver");

    Reply again = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + ns1 + "\",\"name\":\"c1\"}");
    assertEquals(200, again.status(), "attach is idempotent on Windows too");
    Reply taken = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + ns2 + "\",\"ports\":[{\"containerPort\":81,\"hostPort\":8080}]}");
    assertEquals(409, taken.status(), taken::toString);
    Reply sctp = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + ns2 + "\",\"ports\":[{\"protocol\":\"sctp\",\"containerPort\":81}]}");
    assertEquals(400, sctp.status(), sctp::toString);
    Reply notGuid = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"/var/run/netns/x\"}");
    assertEquals(400, notGuid.status(), notGuid::toString);
    Reply missing = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + UUID.randomUUID() + "\"}");
    assertEquals(400, missing.status(), missing::toString);

    Reply b = http.post("/v1/networks/web/endpoints", "{\"sandbox\":\"" + ns2 + "\",\"name\":\"c2\",\"ports\":[{\"containerPort\":80,\"hostPort\":8081}]}");
    assertEquals(201, b.status(), b::toString);
    assertEquals(204, http.delete("/v1/networks/web/endpoints/c1").status());
    assertEquals(204, http.delete("/v1/networks/web/endpoints/c2").status());
    assertEquals(204, http.delete("/v1/networks/web").status());
    assertEquals(404, http.get("/v1/networks/web").status());
    assertEquals(List.of(), List.copyOf(http.get("/v1/networks").json().findValuesAsText("id")));
  }

  private static Path buildStandIn(Path dir) throws Exception {
    Path source = Path.of(System.getProperty("crossnet.repo.root", ".."), "windows-hns-backend", "src", "test", "native",
        "hcn_standin.c").toAbsolutePath();
    Path lib = dir.resolve("libhcnstandin.so");
    Process gcc = new ProcessBuilder(List.of("gcc", "-std=c11", "-D_DEFAULT_SOURCE", "-O1", "-shared", "-fPIC", "-pthread",
        "-o", lib.toString(), source.toString())).redirectErrorStream(true).start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
      throw new AssertionError("gcc could not build the HCN stand-in from " + source + ":\n" + out);
    }
    return lib;
  }
}
