package io.crossnet.service.rest;

import io.crossnet.core.discovery.DiscoveryMetrics;
import io.crossnet.core.events.EventHub;
import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.model.NetworkType;
import io.crossnet.service.api.DriverView;
import io.crossnet.service.api.InfoView;
import io.crossnet.service.config.CrossnetConfig;
import io.crossnet.service.discovery.Discovery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1")
@Tag(name = "system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {
  private final Crossnet crossnet;
  private final CrossnetConfig config;
  private final Discovery discovery;
  private final EventHub events;

  SystemResource(Crossnet crossnet, CrossnetConfig config, Discovery discovery, EventHub events) {
    this.crossnet = crossnet;
    this.config = config;
    this.discovery = discovery;
    this.events = events;
  }

  @GET
  @Path("/drivers")
  @Operation(summary = "Network types and whether this host supports each")
  public List<DriverView> drivers() {
    var caps = crossnet.backend().capabilities();
    return Arrays.stream(NetworkType.values())
        .map(t -> new DriverView(t.wireName(), caps.support(t).supported(), caps.support(t).detail()))
        .toList();
  }

  @GET
  @Path("/info")
  @Operation(summary = "Backend, host settings crossnet relies on, store location and counts")
  public InfoView info() {
    int[] counts = crossnet.store().read(v -> new int[] {v.networks().size(), v.allEndpoints().size()});
    String version = SystemResource.class.getPackage().getImplementationVersion();
    return new InfoView(version == null ? "dev" : version, crossnet.backend().name(), crossnet.backend().info(),
        config.dataDir().toString(), counts[0], counts[1], dns(),
        new java.util.TreeMap<>(Map.of("subscribers", (long) events.subscribers(), "dropped", events.dropped())));
  }

  private Map<String, Long> dns() {
    DiscoveryMetrics m = discovery.metrics();
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("queries", m.queries());
    out.put("answered", m.answered());
    out.put("forwarded", m.forwarded());
    out.put("failures", m.failures());
    out.put("sandboxes", (long) discovery.served());
    return out;
  }
}
