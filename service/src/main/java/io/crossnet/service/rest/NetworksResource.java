package io.crossnet.service.rest;

import io.crossnet.core.flow.Crossnet;
import io.crossnet.service.api.NetworkCreate;
import io.crossnet.service.api.NetworkView;
import io.crossnet.service.api.PruneResult;
import io.crossnet.service.api.mapping.Views;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/networks")
@Tag(name = "networks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ProblemResponses
public class NetworksResource {
  private final Crossnet crossnet;

  NetworksResource(Crossnet crossnet) {
    this.crossnet = crossnet;
  }

  @POST
  @Operation(summary = "Create a network", description = "Records the network, makes its OS objects (bridge, firewall rules, HNS network) and answers once it is durable.")
  @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = NetworkView.class)))
  public Uni<Response> create(@RequestBody(content = @Content(examples = @ExampleObject(name = "nat",
      value = "{\"name\":\"web\",\"driver\":\"nat\",\"ipam\":{\"config\":[{\"subnet\":\"10.50.0.0/24\",\"gateway\":\"10.50.0.1\"}]},\"labels\":{}}")))
      NetworkCreate body) {
    return OnWorker.run(() -> {
      NetworkView n = Views.view(crossnet.networks().create(Views.request(Body.required(body))));
      return Response.created(URI.create("/v1/networks/" + n.id())).entity(n).build();
    });
  }

  @GET
  @Operation(summary = "List networks")
  public List<NetworkView> list() {
    return crossnet.networks().list().stream().map(Views::view).toList();
  }

  @GET
  @Path("/{idOrName}")
  @Operation(summary = "Inspect a network", description = "By id, name, or an unambiguous id prefix of at least 6 characters.")
  public NetworkView get(@PathParam("idOrName") String idOrName) {
    return Views.view(crossnet.networks().get(idOrName));
  }

  @DELETE
  @Path("/{idOrName}")
  @Operation(summary = "Delete a network", description = "Refused with 409 while endpoints are attached.")
  @APIResponse(responseCode = "204", description = "Deleted")
  public void delete(@PathParam("idOrName") String idOrName) {
    crossnet.networks().delete(idOrName);
  }

  @POST
  @Path("/prune")
  @Operation(summary = "Delete every network without endpoints")
  public PruneResult prune() {
    return new PruneResult(crossnet.networks().prune());
  }
}
