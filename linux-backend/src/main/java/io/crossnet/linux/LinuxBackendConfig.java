package io.crossnet.linux;

import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.ns.NetNs;
import java.util.Objects;

/**
 * How the Linux backend is set up: the namespace that plays the host (where bridges, host veth
 * ends, sysctls and the firewall live; null means the process's own namespace, tests pass one
 * they created), the firewall driver, which the caller opens in that same namespace and closes,
 * and the sandboxes' resolvers ({@code dns}, null when the resolver is off), whose sockets an
 * attach opens in the same namespace entry as its own.
 */
public record LinuxBackendConfig(String hostNetnsPath, Firewall firewall, DnsServers dns) {
  public LinuxBackendConfig {
    Objects.requireNonNull(firewall, "firewall");
  }

  /** Without resolvers in the sandboxes. */
  public LinuxBackendConfig(String hostNetnsPath, Firewall firewall) {
    this(hostNetnsPath, firewall, null);
  }

  public NetNs hostNs() {
    return NetNs.at(hostNetnsPath);
  }
}
