package io.crossnet.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One change as {@code GET /v1/events} streams it (the {@code data} of one Server-Sent Event, whose {@code id} is {@code seq}). */
@Schema(description = "A change crossnet made or repaired. Fields that do not apply are left out.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventView(
    @Schema(description = "Grows by one per event since the service started (also the SSE id)", examples = "42") long seq,
    @Schema(enumeration = {"network-created", "network-deleted", "endpoint-attached", "endpoint-detached", "repaired",
        "garbage-collected", "orphan-removed", "gap"},
        description = "repaired: OS objects of a network (no endpointId) or an endpoint were put back; garbage-collected: an endpoint "
            + "released because its sandbox is gone; orphan-removed: an OS object with crossnet's mark but no record was deleted; "
            + "gap: this client read too slowly and `dropped` events were not kept for it", examples = "endpoint-attached") String type,
    Instant time,
    @Schema(description = "Network id") String networkId,
    @Schema(examples = "web") String networkName,
    @Schema(description = "Endpoint id") String endpointId,
    @Schema(description = "Names of the OS objects involved (bridge, veth, ...)") List<String> objects,
    @Schema(examples = "endpoint 1a2b3c4d5e6f (c1) on web: sandbox /var/run/netns/c1, eth0, 10.50.0.2/24") String detail,
    @Schema(description = "On a gap: how many events this client missed") Long dropped) {}
