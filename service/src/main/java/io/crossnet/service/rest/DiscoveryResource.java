package io.crossnet.service.rest;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.model.Names;
import io.crossnet.service.api.DiscoveryEntryView;
import io.crossnet.service.api.mapping.Views;
import io.crossnet.service.discovery.Discovery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/networks/{network}/discovery")
@Tag(name = "discovery")
@Produces(MediaType.APPLICATION_JSON)
@ProblemResponses
public class DiscoveryResource {
  private final Crossnet crossnet;
  private final Discovery discovery;

  DiscoveryResource(Crossnet crossnet, Discovery discovery) {
    this.crossnet = crossnet;
    this.discovery = discovery;
  }

  @GET
  @Operation(summary = "Names on a network", description = "What the resolver inside the network's sandboxes answers: "
      + "the endpoints answering to a name (or alias, any case), or every endpoint when no name is given.")
  public List<DiscoveryEntryView> lookup(@PathParam("network") String network,
      @Parameter(description = "A name or alias", example = "api") @QueryParam("name") String name) {
    if (name != null && !Names.LOOKUP.matcher(name).matches()) {
      throw new InvalidRequest("name", "'" + Names.printable(name) + "' is not a DNS name");
    }
    String id = crossnet.networks().get(network).id();
    return discovery.entries(id, name).stream().map(Views::view).toList();
  }
}
