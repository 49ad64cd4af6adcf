package io.crossnet.service.rest;

import io.crossnet.service.problem.Problem;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;

/** The error answers every operation may give, documented once. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@APIResponses({
    @APIResponse(responseCode = "400", description = "Invalid request; `errors` names each bad field",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
    @APIResponse(responseCode = "404", description = "No such network or endpoint",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
    @APIResponse(responseCode = "409", description = "Name, subnet or address taken; pool exhausted; network busy",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
    @APIResponse(responseCode = "422", description = "Not supported on this host",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
    @APIResponse(responseCode = "500", description = "The OS refused an operation crossnet believed valid (a bug)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
})
@interface ProblemResponses {}
