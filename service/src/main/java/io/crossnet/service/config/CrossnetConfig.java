package io.crossnet.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The service's own settings ({@code crossnet.*}); the listener is configured by {@code quarkus.http.*}. */
@ConfigMapping(prefix = "crossnet")
public interface CrossnetConfig {

  /** Where the embedded store keeps its file. */
  @WithDefault("/var/lib/crossnet")
  Path dataDir();

  /** {@code auto} picks by OS: {@code linux} or {@code windows-hns}. */
  @WithDefault("auto")
  String backend();

  /** Default address pools as {@code base/len:size}; Docker's when not set. */
  Optional<List<String>> addressPools();

  Linux linux();

  interface Linux {
    /**
     * The namespace holding bridges and firewall rules; the service's own when not set. Tests
     * point it at a namespace they create, so nothing touches the machine's real network.
     */
    Optional<String> hostNetns();

    /** {@code nftables} (default). */
    @WithDefault("nftables")
    String firewall();
  }
}
