package io.crossnet.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document; {@code errors} names each bad field of a request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
    @Schema(examples = "https://crossnet.io/problems/invalid-request") String type,
    @Schema(examples = "Invalid request") String title,
    @Schema(examples = "400") int status,
    @Schema(examples = "ipam.config[0].gateway: 10.9.0.1 is outside subnet 10.50.0.0/24") String detail,
    List<FieldProblem> errors,
    @Schema(description = "For backend failures: the kernel or HNS operation that failed") String operation,
    @Schema(description = "For backend failures: errno name or HRESULT") String code) {

  public record FieldProblem(@Schema(examples = "ipam.config[0].gateway") String field, String message) {}

  public static final String MEDIA_TYPE = "application/problem+json";
}
