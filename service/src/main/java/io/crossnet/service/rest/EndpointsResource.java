package io.crossnet.service.rest;

import io.crossnet.core.flow.Crossnet;
import io.crossnet.core.flow.Endpoints.Attached;
import io.crossnet.core.model.Endpoint;
import io.crossnet.service.api.EndpointCreate;
import io.crossnet.service.api.EndpointView;
import io.crossnet.service.api.mapping.Views;
import io.crossnet.service.discovery.Discovery;
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

@Path("/v1/networks/{network}/endpoints")
@Tag(name = "endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ProblemResponses
public class EndpointsResource {
  private final Crossnet crossnet;
  private final Discovery discovery;

  EndpointsResource(Crossnet crossnet, Discovery discovery) {
    this.crossnet = crossnet;
    this.discovery = discovery;
  }

  @POST
  @Operation(summary = "Attach a sandbox", description = "Allocates addresses, wires the sandbox to the network and answers once durable. "
      + "Repeating the call for the same sandbox and interface returns the existing endpoint with 200.")
  @APIResponse(responseCode = "201", description = "Attached", content = @Content(schema = @Schema(implementation = EndpointView.class)))
  @APIResponse(responseCode = "200", description = "Already attached", content = @Content(schema = @Schema(implementation = EndpointView.class)))
  public Uni<Response> attach(@PathParam("network") String network, @RequestBody(content = @Content(examples = @ExampleObject(name = "netns",
      value = "{\"sandbox\":\"/var/run/netns/c1\",\"interface\":\"eth0\",\"name\":\"c1\",\"aliases\":[\"api\"]}")))
      EndpointCreate body) {
    return OnWorker.run(() -> {
      Attached a = crossnet.endpoints().attach(network, Views.request(Body.required(body)));
      EndpointView e = view(a.endpoint());
      if (!a.created()) {
        return Response.ok(e).build();
      }
      return Response.created(URI.create("/v1/networks/" + e.network() + "/endpoints/" + e.id())).entity(e).build();
    });
  }

  @GET
  @Operation(summary = "List a network's endpoints")
  public List<EndpointView> list(@PathParam("network") String network) {
    return crossnet.endpoints().list(network).stream().map(this::view).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Inspect an endpoint", description = "By id, name, or an unambiguous id prefix.")
  public EndpointView get(@PathParam("network") String network, @PathParam("id") String id) {
    return view(crossnet.endpoints().get(network, id));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Detach an endpoint", description = "Removes its interfaces and frees its addresses.")
  @APIResponse(responseCode = "204", description = "Detached")
  public void detach(@PathParam("network") String network, @PathParam("id") String id) {
    crossnet.endpoints().detach(network, id);
  }

  private EndpointView view(Endpoint e) {
    return Views.view(e, discovery.settings(e.sandbox()));
  }
}
