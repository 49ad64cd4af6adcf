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

  /** How often the reconciler compares the store with the OS (it also runs at start-up). */
  @WithDefault("30s")
  java.time.Duration reconcilePeriod();

  /** Host ports chosen for published ports that name none, as {@code FIRST-LAST}. */
  @WithDefault("32768-60999")
  String hostPortRange();

  Events events();

  interface Events {
    /**
     * Events kept for each {@code /v1/events} client that has not read them yet; a client further
     * behind loses the newer ones and is told how many (a {@code gap} event).
     */
    @WithDefault("256")
    int buffer();
  }

  Watch watch();

  interface Watch {
    /**
     * React to the OS's own reports of changes to crossnet's objects (on Linux: netlink link
     * events for a marked link deleted or a marked bridge brought down) with a reconcile of the
     * owning network, rather than waiting for {@code reconcile-period}.
     */
    @WithDefault("true")
    boolean enabled();

    /** How long after the first report the pass runs, so that a burst of reports is one pass. */
    @WithDefault("250ms")
    java.time.Duration delay();
  }

  Linux linux();

  Windows windows();

  interface Windows {
    /**
     * The HCN library, by name or path: {@code computenetwork} (and {@code CoTaskMemFree} from
     * {@code ole32}) when not set. A library that exports both, such as the test stand-in, can
     * stand in for them, so the whole API runs against it on Linux.
     */
    Optional<String> hnsLibrary();
  }

  Dns dns();

  interface Dns {
    /** The resolver at 127.0.0.11 inside every sandbox (Linux backend). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Upstream resolvers for names that are not crossnet's, as {@code ip}, {@code ip:port} or
     * {@code [ipv6]:port}; the host's {@code /etc/resolv.conf} (or systemd-resolved's list) when not set.
     */
    Optional<List<String>> upstreams();

    /** Where {@code NAME/resolv.conf} is written for sandboxes named {@code /var/run/netns/NAME}. */
    @WithDefault("/etc/netns")
    Path netnsEtc();

    /** Whether to write that file (never over one crossnet did not write). */
    @WithDefault("true")
    boolean writeResolvConf();
  }

  interface Linux {
    /**
     * The namespace holding bridges and firewall rules; the service's own when not set. Tests
     * point it at a namespace they create, so nothing touches the machine's real network.
     */
    Optional<String> hostNetns();

    /**
     * {@code nftables} (default: table {@code inet crossnet} through libnftables, a published port
     * costs the same however many there are) or {@code iptables} (crossnet's own chains through
     * {@code iptables-restore}, for hosts whose other tools manage iptables).
     */
    @WithDefault("nftables")
    String firewall();
  }
}
