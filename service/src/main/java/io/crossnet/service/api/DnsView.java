package io.crossnet.service.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What the sandbox's resolv.conf should say, for orchestrators that write their own. "
    + "crossnet writes /etc/netns/NAME/resolv.conf itself for sandboxes named /var/run/netns/NAME (never over a file it did not write).")
public record DnsView(
    @Schema(examples = "[\"127.0.0.11\"]") List<String> nameservers,
    List<String> search,
    @Schema(examples = "[\"ndots:0\"]") List<String> options) {}
