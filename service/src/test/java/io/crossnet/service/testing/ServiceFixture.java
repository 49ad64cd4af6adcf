package io.crossnet.service.testing;

import io.crossnet.linux.testing.Privileged;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service against a {@link HostTopology}, once per test class: started before the
 * class's own {@code @BeforeAll} methods, stopped and the topology removed after its
 * {@code @AfterAll} ones, even when a test or the start failed.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceFixture {
  protected HostTopology topo;
  protected ServiceProcess service;
  protected UnixHttp http;

  /** Settings of this class's service besides the host namespace, which is always the topology's. */
  protected Map<String, String> config() {
    return Map.of();
  }

  @BeforeAll
  void startService(@TempDir Path dir) {
    topo = HostTopology.create();
    Map<String, String> c = new HashMap<>(config());
    c.put("crossnet.linux.host-netns", topo.host().path());
    service = new ServiceProcess(dir, c);
    service.start();
    http = service.http();
  }

  @AfterAll
  void stopService() {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (topo != null) {
        topo.close();
      }
    }
  }
}
