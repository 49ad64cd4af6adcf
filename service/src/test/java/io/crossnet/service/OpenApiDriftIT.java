package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.linux.testing.Privileged;
import io.crossnet.service.testing.HostTopology;
import io.crossnet.service.testing.ServiceProcess;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed contract ({@code openapi/openapi.yaml}) is what the service serves. After a
 * deliberate API change, regenerate it with {@code -Dcrossnet.openapi.write=true} and commit it.
 */
@Privileged
class OpenApiDriftIT {

  @Test
  void servedContractMatchesTheCommittedOne(@TempDir Path dir) throws Exception {
    Path committed = Path.of(System.getProperty("crossnet.repo.root", "..")).resolve("openapi/openapi.yaml");
    try (HostTopology topo = HostTopology.create();
        ServiceProcess service = new ServiceProcess(dir, Map.of("crossnet.linux.host-netns", topo.host().path()))) {
      service.start();
      Reply served = service.http().get("/q/openapi");
      assertEquals(200, served.status(), served::toString);
      if (Boolean.getBoolean("crossnet.openapi.write")) {
        Files.writeString(committed, served.body());
      }
      assertEquals(Files.readString(committed), served.body(),
          "the served OpenAPI differs from openapi/openapi.yaml; if the change is intended, run the tests with -Dcrossnet.openapi.write=true and commit the file");
      Reply ui = service.http().get("/q/swagger-ui/");
      assertEquals(200, ui.status());
      assertTrue(ui.body().contains("swagger"), "Swagger UI is served");
    }
  }
}
