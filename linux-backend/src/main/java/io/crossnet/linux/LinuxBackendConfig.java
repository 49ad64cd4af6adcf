package io.crossnet.linux;

import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.ns.NetNs;
import java.util.Objects;

/**
 * How the Linux backend is set up: the namespace that plays the host (where bridges, host veth
 * ends, sysctls and the firewall live; null means the process's own namespace, tests pass one
 * they created) and the firewall driver, which the caller opens in that same namespace and closes.
 */
public record LinuxBackendConfig(String hostNetnsPath, Firewall firewall) {
  public LinuxBackendConfig {
    Objects.requireNonNull(firewall, "firewall");
  }

  public NetNs hostNs() {
    return NetNs.at(hostNetnsPath);
  }
}
