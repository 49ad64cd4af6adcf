package io.crossnet.service.rest;

import io.crossnet.service.api.EventView;
import io.crossnet.service.events.EventStreams;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/events")
@Tag(name = "system")
public class EventsResource {
  private final EventStreams streams;

  EventsResource(EventStreams streams) {
    this.streams = streams;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Stream changes (Server-Sent Events)", description = "From the moment of the request (announced by a "
      + "`: subscribed` comment): networks created and deleted, endpoints attached and detached, and what the reconciler repaired, "
      + "garbage-collected or removed. Each event's `data` is one JSON object, its `id` the object's `seq`. A client that reads "
      + "more slowly than changes happen loses events rather than slowing them; it then gets a `gap` saying how many it missed. "
      + "Idle streams carry a comment every 15 seconds.")
  @APIResponse(responseCode = "200", description = "An endless stream of events",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = EventView.class)))
  public Multi<OutboundSseEvent> events(@Context Sse sse) {
    return streams.open(sse);
  }
}
