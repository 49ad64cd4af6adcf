package io.crossnet.service.config;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.linux.LinuxBackend;
import io.crossnet.linux.LinuxBackendConfig;
import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.iptables.IptablesFirewall;
import io.crossnet.linux.firewall.nft.NftFirewall;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.windows.backend.HnsBackend;
import io.crossnet.windows.hcn.Hcn;
import java.util.Locale;

/** Picks and builds the backend for this host from {@code crossnet.backend}. */
final class Backends {
  private Backends() {}

  /** {@code linux} or {@code windows-hns}: {@code crossnet.backend}, or by OS for {@code auto}. */
  static String kind(CrossnetConfig config) {
    String kind = config.backend();
    if (kind.equals("auto")) {
      kind = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "windows-hns" : "linux";
    }
    return kind;
  }

  /** {@code dns}: the sandboxes' resolvers, null when off; the Linux backend opens their sockets with its own. */
  static NetworkBackend create(CrossnetConfig config, DnsServers dns) {
    String kind = kind(config);
    switch (kind) {
      case "linux":
        return linux(config.linux(), dns);
      case "windows-hns":
        return config.windows().hnsLibrary().map(lib -> new HnsBackend(Hcn.load(lib, lib))).orElseGet(HnsBackend::load);
      default:
        throw new IllegalArgumentException("crossnet.backend: unknown backend '" + kind + "' (auto, linux, windows-hns)");
    }
  }

  private static NetworkBackend linux(CrossnetConfig.Linux linux, DnsServers dns) {
    String hostNetns = linux.hostNetns().orElse(null);
    Firewall firewall = switch (linux.firewall()) {
      case "nftables" -> NftFirewall.open(NetNs.at(hostNetns));
      case "iptables" -> IptablesFirewall.open(NetNs.at(hostNetns));
      default -> throw new IllegalArgumentException("crossnet.linux.firewall: unknown firewall driver '" + linux.firewall()
          + "' (nftables, iptables)");
    };
    return new LinuxBackend(new LinuxBackendConfig(hostNetns, firewall, dns));
  }
}
